/**
 * The Cellport load balancing backend: LB groups, domains in etcd, service discovery of app pods
 * into Nginx upstreams, and draining pods out of Nginx before the cells plugin deletes them.
 *
 * @packageDocumentation
 */
export { slbPlugin as default, slbCellsTrafficModule } from './plugin';
export { createRouter } from './router';
export type { SlbRouterOptions } from './router';
export { ConfigGroupSupplier } from './services/ConfigGroupSupplier';
export type { ConfiguredGroup } from './services/ConfigGroupSupplier';
export { SlbDrain } from './services/SlbDrain';
export { DomainService } from './services/DomainService';
export { DirectiveChecker } from './services/DirectiveChecker';
export { ServiceDiscovery } from './services/ServiceDiscovery';
export { SlbEtcd } from './services/SlbEtcd';
export { serversOfSlices, versionOfPod } from './services/EndpointWatch';

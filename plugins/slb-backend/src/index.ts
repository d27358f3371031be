/**
 * The Cellport load balancing backend: LB groups, domains in etcd, service discovery of app pods
 * into Nginx upstreams, and draining pods out of Nginx before the cells plugin deletes them.
 *
 * @packageDocumentation
 */
export { slbPlugin as default, slbCellsTrafficModule } from './plugin';

// Not part of the public API: the parts the repository's LB traffic tests assemble by hand
// (test/src/reliability). Marked internal, they are left out of the published type declarations.
/** @internal */
export { ConfigGroupSupplier } from './services/ConfigGroupSupplier';
/** @internal */
export { DirectiveChecker } from './services/DirectiveChecker';
/** @internal */
export { DomainService } from './services/DomainService';
/** @internal */
export { SlbEtcd } from './services/SlbEtcd';

/**
 * The Cellport load balancing backend: LB groups, domains in etcd, service discovery of app pods
 * into Nginx upstreams, and draining pods out of Nginx before the cells plugin deletes them.
 *
 * @packageDocumentation
 */
export { slbPlugin as default, slbCellsTrafficModule } from './plugin';

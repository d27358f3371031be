/**
 * Cellport load balancing: LB group and domain types and schemas, the etcd key layout, the
 * permissions and the Nginx configuration renderer, shared by the slb plugins and the slb agent.
 *
 * @packageDocumentation
 */
export * from './names';
export * from './keys';
export * from './types';
export * from './render';
export * from './permissions';
export * from './api';
export * from './evacuation';
export * from './admin';

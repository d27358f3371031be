/**
 * The Cellport LB host agent: follows an LB group in etcd and keeps the host's Nginx in step,
 * with upstream server changes through a Lua balancer (no reload) and tested reloads for the rest.
 *
 * @packageDocumentation
 */
export { SlbAgent } from './Agent';
export type { SlbAgentOptions, AgentLogger } from './options';
export { jsonLogger } from './options';
export { main, parseAgentArgs } from './cli';
export { upstreamsBody, AdminClient } from './AdminClient';
export type { LuaStat } from './AdminClient';
export { luaStatsExposition, LUA_BUCKETS } from './metrics';

/**
 * The Cellport build agent: registers in etcd under a lease, runs the build tasks the builds
 * backend gives it (shallow clone of the exact commit, buildah with layer and dependency caches,
 * push with a per-build registry token) and streams log lines and step timings back.
 *
 * @packageDocumentation
 */
export { BuildAgent } from './BuildAgent';
export type { BuildAgentOptions } from './BuildAgent';
export { BuildRunner, AgentLostError } from './BuildRunner';
export { Reporter } from './Reporter';
export type { ReportSink } from './Reporter';
export { runCommand, captureCommand, CommandError } from './commands';
export type { RunCommandOptions } from './commands';
export { writeContainersConfig } from './containersConfig';
export type { ContainersConfig } from './containersConfig';
export { directorySize } from './directorySize';
export { main } from './cli';

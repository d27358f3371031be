/**
 * Cellport builds: build config and build types, request schemas with their validation (git URLs,
 * Dockerfile paths, tag rules, secret build args), tag rules, permissions and the etcd protocol
 * between the builds backend and the build agents.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './validation';
export * from './schemas';
export * from './tags';
export * from './protocol';
export * from './permissions';
export * from './admin';
export {
  createBuildsApiClient,
  type BuildsApiClient,
} from './client/createBuildsApiClient';
export type { paths as BuildsApiPaths } from './generated/openapi';

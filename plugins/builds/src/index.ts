/**
 * Cellport builds frontend plugin: build configs, builds with live logs and step timings,
 * webhooks, members and activity, and the Builds tab of components annotated `cellport.io/build`.
 * The new frontend system plugin is the default export of `/alpha`.
 *
 * @packageDocumentation
 */
export { buildsPlugin, BuildsPage, EntityBuildsContent } from './plugin';
export { buildsApiRef, BuildsClient } from './api';
export type { BuildsApi, BuildConfigWithAllowed } from './api';

/**
 * A schema-faithful SkyWalking OAP development server: receives trace segments in the agents'
 * native HTTP JSON format and answers the GraphQL query protocol subset Cellport uses.
 *
 * @packageDocumentation
 */
export { startSkyWalkingDevServer } from './server';
export type { SkyWalkingDevServer, SkyWalkingDevServerOptions } from './server';
export { querySchema, querySchemaSource, bucketsOf, parseTime } from './graphql';
export { SegmentStore } from './store';
export * from './segments';

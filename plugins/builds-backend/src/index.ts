/**
 * The Cellport builds backend plugin.
 *
 * @packageDocumentation
 */
export { buildsPlugin as default } from './plugin';
export { createRouter } from './router/createRouter';
export type { BuildsRouterOptions } from './router/createRouter';
export { BuildsStore } from './database/BuildsStore';
export type {
  StoredBuild,
  StoredBuildArg,
  StoredBuildConfig,
} from './database/BuildsStore';
export { BuildConfigService } from './services/BuildConfigService';
export type { BuildConfigServiceDeps } from './services/BuildConfigService';
export { BuildService } from './services/BuildService';
export type { BuildServiceDeps, WebhookOutcome } from './services/BuildService';
export { BuildDispatcher } from './services/BuildDispatcher';
export type { BuildDispatcherOptions } from './services/BuildDispatcher';
export { EtcdAgentDirectory } from './services/AgentDirectory';
export type { AgentDirectory, ReceivedReport } from './services/AgentDirectory';
export { RegistryPushTokens } from './services/PushTokens';
export type { PushTokens } from './services/PushTokens';
export { SecretBox } from './services/SecretBox';
export { rendezvousOrder } from './services/rendezvous';
export { checkWebhookSignature, readPushEvent } from './services/webhooks';
export type { PushNotice } from './services/webhooks';
export { spec as buildsOpenApiSpec } from './schema/openapi.generated';

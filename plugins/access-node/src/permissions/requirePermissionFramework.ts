import { LoggerService, RootConfigService } from '@backstage/backend-plugin-api';

/**
 * Refuses to start a Cellport plugin whose decisions would all be "allow": with
 * `permission.enabled: false` Backstage's permissions service allows every request, so every app
 * and image group would be open to every signed-in user.
 *
 * - `permission.enabled: false` (said explicitly): always an error.
 * - not set (Backstage's default is off): an error when `NODE_ENV` is `production`, a warning
 *   otherwise (development and test backends that bring their own permissions service).
 *
 * @throws Error naming the setting, so the backend stops at startup.
 * @public
 */
export function requirePermissionFramework(options: {
  config: RootConfigService;
  logger: LoggerService;
  /** The plugin that needs it, for the message. */
  pluginId: string;
  /** Defaults to `process.env.NODE_ENV`. */
  nodeEnv?: string;
}): void {
  const enabled = options.config.getOptionalBoolean('permission.enabled');
  if (enabled === true) return;
  const message = `The ${options.pluginId} plugin needs the permission framework: with permission.enabled ${
    enabled === false ? 'false' : 'not set'
  } every Cellport app and image group would be open to every signed-in user. Set permission.enabled: true and install a policy (e.g. @cellport/plugin-permission-backend-module-cellport).`;
  const nodeEnv = options.nodeEnv ?? process.env.NODE_ENV;
  if (enabled === false || nodeEnv === 'production') {
    throw new Error(message);
  }
  options.logger.warn(message);
}

import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AccessService } from '@cellport/plugin-access-node';
import { RegistryStore } from '../database/RegistryStore';
import { Credentials } from '../services/Credentials';
import { RegistryAccess } from '../services/RegistryAccess';
import { RegistryApi } from '../services/RegistryClient';
import { RegistryEvents } from '../services/RegistryEvents';
import { ImageGroupQuotas } from '../services/quota/ImageGroupQuotas';
import { TokenAttemptLimiter } from '../services/TokenAttemptLimiter';
import { RegistryTokenIssuer } from '../services/TokenIssuer';
import { UserDirectory } from '../services/UserDirectory';

/**
 * What the registry router needs.
 *
 * @public
 */
export type RegistryRouterOptions = {
  store: RegistryStore;
  /** Token grants. */
  access: RegistryAccess;
  /** Members and roles of image groups and repositories. */
  accessService: AccessService;
  credentials: Credentials;
  issuer: RegistryTokenIssuer;
  registry: RegistryApi;
  events: RegistryEvents;
  httpAuth: HttpAuthService;
  /** The portal's permissions (the installed policy), for `image-group.create`. */
  permissions: PermissionsService;
  /** Users still in the catalog: the token endpoint refuses departed users and their robots. */
  users: UserDirectory;
  /** Failed token attempts per user name and IP; default: 10 per 5 minutes, in `store`. */
  attemptLimiter?: TokenAttemptLimiter;
  /**
   * Plugins whose service principals may manage (their own, pull-only) robots; default
   * `['cells']` (config `registry.robotServicePlugins`).
   */
  robotServicePlugins?: string[];
  logger: LoggerService;
  /** The registry's `auth.token.service`. */
  service: string;
  /** The bearer secret of the registry notifications; webhooks are refused without one. */
  webhookSecret?: string;
  /** The registry host clients use (`docker login <host>`). */
  registryHost: string;
  /** Image group quotas per owner group (checked at `POST /groups`) and the admin routes. */
  quotas?: ImageGroupQuotas;
};

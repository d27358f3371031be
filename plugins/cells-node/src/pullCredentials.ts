import { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * What {@link PullCredentialsProvider.forApp} is asked for.
 *
 * @public
 */
export interface PullCredentialsRequest {
  /** The app (its namespace in every cell). */
  app: string;
  /** The app's image repository in the registry, `group/name`. */
  imageRepository: string;
  /** Who creates or changes the app: a user must be allowed to pull from the repository. */
  credentials: BackstageCredentials;
}

/**
 * The content of an app's image pull Secret.
 *
 * @public
 */
export interface PullCredentials {
  /** The `.dockerconfigjson` of a `kubernetes.io/dockerconfigjson` Secret. */
  dockerConfigJson: string;
}

/**
 * Where the image pull secrets of apps come from (a registry's robot accounts).
 *
 * @public
 */
export interface PullCredentialsProvider {
  /**
   * Pull credentials for the app's image repository, or `undefined` when there are none (no
   * registry, registry down, unknown group): the app then runs without a pull secret.
   *
   * @throws NotAllowedError when the acting user may not pull from the repository.
   */
  forApp(request: PullCredentialsRequest): Promise<PullCredentials | undefined>;
  /** Revokes what {@link PullCredentialsProvider.forApp} made for the app (best effort). */
  revoke?(request: { app: string; imageRepository: string }): Promise<void>;
}

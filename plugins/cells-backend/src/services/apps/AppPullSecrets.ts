import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { App } from '@cellport/plugin-cells-common';
import { AppServiceOptions } from './types';

/**
 * The image pull secret of an app with an image repository: minted for the app's cells when the
 * app is created or changes repository, revoked when it goes away.
 *
 * @public
 */
export class AppPullSecrets {
  constructor(
    private readonly options: Pick<AppServiceOptions, 'pullCredentials' | 'logger'>,
  ) {}

  /** The docker config JSON of the app's pull secret, when it has an image repository. */
  async forApp(
    credentials: BackstageCredentials,
    app: string,
    imageRepository: string | undefined,
  ): Promise<string | undefined> {
    const provider = this.options.pullCredentials;
    if (!provider || !imageRepository) {
      return undefined;
    }
    const pull = await provider.forApp({ app, imageRepository, credentials });
    return pull?.dockerConfigJson;
  }

  /** Revokes the robot behind an app's pull secret (best effort). */
  async revoke(app: App): Promise<void> {
    const provider = this.options.pullCredentials;
    if (!provider?.revoke || !app.imageRepository) {
      return;
    }
    await provider
      .revoke({ app: app.name, imageRepository: app.imageRepository })
      .catch(e =>
        this.options.logger.warn('Pull secret robot not revoked', {
          app: app.name,
          error: String(e),
        }),
      );
  }
}

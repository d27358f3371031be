import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { AccessService } from '@cellport/plugin-access-node';

const ref = (name: string) => ({ kind: 'build-config' as const, name });

/** Records what happens to a config's builds in its activity log (as the plugin itself). */
export class BuildActivity {
  constructor(
    private readonly deps: {
      access: AccessService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  /** Records `action` in the config's activity, as the plugin; a failure is only logged. */
  async record(
    config: string,
    action: string,
    details: Record<string, unknown>,
  ) {
    try {
      const service = await this.deps.auth.getOwnServiceCredentials();
      await this.deps.access.recordActivity(
        service,
        ref(config),
        action,
        details,
      );
    } catch (e) {
      this.deps.logger.warn('Cannot record build activity', {
        config,
        action,
        error: (e as Error).message,
      });
    }
  }
}

import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { AccessService } from '@cellport/plugin-access-node';
import {
  parseRepositoryName,
  ROBOT_USERNAME_PREFIX,
} from '@cellport/plugin-registry-common';
import { RegistryStore } from '../database/RegistryStore';

const MANIFEST_TYPES = new Set([
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
  'application/vnd.docker.distribution.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

/** One event of a registry notification envelope (distribution's `notifications.Event`). */
export type RegistryNotificationEvent = {
  id?: string;
  timestamp?: string;
  action?: string;
  target?: {
    mediaType?: string;
    digest?: string;
    size?: number;
    repository?: string;
    tag?: string;
  };
  actor?: { name?: string };
};

/**
 * Turns the registry's notifications into activity: pushes and deletes listed, pulls counted.
 * Events are deduplicated by id (the registry retries).
 *
 * @public
 */
export class RegistryEvents {
  static create(deps: {
    store: RegistryStore;
    logger: LoggerService;
    access: AccessService;
    auth: AuthService;
  }) {
    return new RegistryEvents(deps.store, deps.logger, deps.access, deps.auth);
  }

  private constructor(
    private readonly store: RegistryStore,
    private readonly logger: LoggerService,
    private readonly access: AccessService,
    private readonly auth: AuthService,
  ) {}

  /**
   * Registers a repository created by a push with the access library: the pushing user is its
   * Owner (a robot's push: the group's creator); the group's members apply as well.
   */
  private async registerPushed(
    repository: string,
    group: { visibility: 'public' | 'private'; createdBy: string },
    actor: string,
  ) {
    const [existing] = await this.access.getResources([
      `image-repository:${repository}`,
    ]);
    if (existing) {
      return;
    }
    const credentials = await this.auth.getOwnServiceCredentials();
    const owners =
      actor && !actor.startsWith(ROBOT_USERNAME_PREFIX) && actor !== 'anonymous'
        ? [`user:default/${actor}`, group.createdBy]
        : [group.createdBy];
    for (const owner of owners) {
      try {
        await this.access.registerResource(credentials, {
          kind: 'image-repository',
          name: repository,
          visibility: group.visibility,
          owner,
        });
        return;
      } catch (e) {
        this.logger.warn('Cannot register a pushed repository', {
          repository,
          owner,
          error: (e as Error).message,
        });
      }
    }
  }

  async handle(events: RegistryNotificationEvent[]): Promise<number> {
    let handled = 0;
    const pulls = new Map<string, number>();
    for (const event of events) {
      const target = event.target ?? {};
      const repository = target.repository ?? '';
      const parsed = parseRepositoryName(repository);
      if ('error' in parsed) {
        continue;
      }
      const isManifest = MANIFEST_TYPES.has(target.mediaType ?? '');
      const action = event.action;
      // blob events and manifest fetches by digest during a push are noise
      if (action === 'pull') {
        if (isManifest && target.tag) {
          pulls.set(repository, (pulls.get(repository) ?? 0) + 1);
        }
        continue;
      }
      if (action === 'push' && !isManifest) {
        continue;
      }
      if (action !== 'push' && action !== 'delete') {
        continue;
      }
      if (event.id && !(await this.store.events.claimEvent(event.id))) {
        continue;
      }
      const actor = event.actor?.name || 'anonymous';
      const at = event.timestamp ? new Date(event.timestamp) : new Date();
      if (action === 'push') {
        const group = await this.store.groups.getGroup(parsed.group);
        if (!group) {
          this.logger.warn('Registry push to a repository without image group', {
            repository,
          });
          continue;
        }
        await this.store.repositories.createRepository({
          name: repository,
          group: parsed.group,
          visibility: null,
          description: '',
          actor,
          ifMissing: true,
        });
        await this.registerPushed(repository, group, actor);
        if (target.digest) {
          // every manifest, tagged or not: deleting the repository deletes them all
          await this.store.events.recordManifest(repository, target.digest, at);
        }
        if (target.tag) {
          await this.store.events.recordTagPush({
            repository,
            tag: target.tag,
            digest: target.digest ?? '',
            pusher: actor,
            pushedAt: at,
          });
        }
        await this.store.events.recordActivity(parsed.group, repository, 'image-pushed', actor, {
          ...(target.tag ? { tag: target.tag } : {}),
          digest: target.digest,
          size: target.size,
          mediaType: target.mediaType,
        });
      } else {
        if (!(await this.store.repositories.getRepository(repository))) {
          continue;
        }
        await this.store.events.recordActivity(parsed.group, repository, 'manifest-deleted', actor, {
          digest: target.digest,
          ...(target.tag ? { tag: target.tag } : {}),
        });
      }
      handled++;
    }
    for (const [repository, count] of pulls) {
      await this.store.repositories.addPulls(repository, count);
    }
    return handled;
  }
}

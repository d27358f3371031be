import { Knex } from 'knex';
import { applyRegistryMigrations } from './migrations';
import { ActivityStore } from './stores/ActivityStore';
import { GroupStore } from './stores/GroupStore';
import { RepositoryStore } from './stores/RepositoryStore';
import { RobotStore } from './stores/RobotStore';
import { TokenAttemptStore } from './stores/TokenAttemptStore';
import { TokenStore } from './stores/TokenStore';

export type {
  ListRestriction,
  StoredRobot,
  StoredToken,
  TagPush,
} from './stores/types';

/**
 * The registry plugin's database, one store per aggregate (`stores/`): image groups,
 * repositories, personal access tokens, robots, and activity with the registry's notifications.
 * Members and roles are the access library's. Callers use the store of the aggregate they work
 * on (`store.groups.getGroup(...)`).
 *
 * @public
 */
export class RegistryStore {
  static async create(options: {
    knex: Knex;
    skipMigrations?: boolean;
  }): Promise<RegistryStore> {
    if (!options.skipMigrations) {
      await applyRegistryMigrations(options.knex);
    }
    return new RegistryStore(options.knex);
  }

  readonly groups: GroupStore;
  readonly repositories: RepositoryStore;
  readonly tokens: TokenStore;
  readonly robots: RobotStore;
  readonly events: ActivityStore;
  /** Failed token endpoint attempts and blocked keys (the attempt limiter's). */
  readonly attempts: TokenAttemptStore;

  private constructor(db: Knex) {
    this.groups = new GroupStore(db);
    this.repositories = new RepositoryStore(db);
    this.tokens = new TokenStore(db);
    this.robots = new RobotStore(db);
    this.events = new ActivityStore(db);
    this.attempts = new TokenAttemptStore(db);
  }
}

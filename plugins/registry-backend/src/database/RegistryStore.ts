import { Knex } from 'knex';
import { applyRegistryMigrations } from './migrations';
import { ActivityStore } from './stores/ActivityStore';
import { GroupStore } from './stores/GroupStore';
import { RepositoryStore } from './stores/RepositoryStore';
import { RobotStore } from './stores/RobotStore';
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
 * Members and roles are the access library's. The methods below are those stores', for callers
 * that take the whole database.
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

  private constructor(db: Knex) {
    this.groups = new GroupStore(db);
    this.repositories = new RepositoryStore(db);
    this.tokens = new TokenStore(db);
    this.robots = new RobotStore(db);
    this.events = new ActivityStore(db);
  }

  // --- groups (GroupStore) ---
  readonly getGroup = (...args: Parameters<GroupStore['getGroup']>) =>
    this.groups.getGroup(...args);
  readonly listGroups = (...args: Parameters<GroupStore['listGroups']>) =>
    this.groups.listGroups(...args);
  readonly createGroup = (...args: Parameters<GroupStore['createGroup']>) =>
    this.groups.createGroup(...args);
  readonly updateGroup = (...args: Parameters<GroupStore['updateGroup']>) =>
    this.groups.updateGroup(...args);
  readonly deleteGroup = (...args: Parameters<GroupStore['deleteGroup']>) =>
    this.groups.deleteGroup(...args);
  // --- repositories (RepositoryStore) ---
  readonly getRepository = (...args: Parameters<RepositoryStore['getRepository']>) =>
    this.repositories.getRepository(...args);
  readonly listRepositories = (...args: Parameters<RepositoryStore['listRepositories']>) =>
    this.repositories.listRepositories(...args);
  readonly createRepository = (...args: Parameters<RepositoryStore['createRepository']>) =>
    this.repositories.createRepository(...args);
  readonly updateRepository = (...args: Parameters<RepositoryStore['updateRepository']>) =>
    this.repositories.updateRepository(...args);
  readonly deleteRepository = (...args: Parameters<RepositoryStore['deleteRepository']>) =>
    this.repositories.deleteRepository(...args);
  readonly addPulls = (...args: Parameters<RepositoryStore['addPulls']>) =>
    this.repositories.addPulls(...args);
  // --- tokens (TokenStore) ---
  readonly createToken = (...args: Parameters<TokenStore['createToken']>) =>
    this.tokens.createToken(...args);
  readonly listTokens = (...args: Parameters<TokenStore['listTokens']>) =>
    this.tokens.listTokens(...args);
  readonly findTokenByHash = (...args: Parameters<TokenStore['findTokenByHash']>) =>
    this.tokens.findTokenByHash(...args);
  readonly touchToken = (...args: Parameters<TokenStore['touchToken']>) =>
    this.tokens.touchToken(...args);
  readonly touchTokens = (...args: Parameters<TokenStore['touchTokens']>) =>
    this.tokens.touchTokens(...args);
  readonly revokeToken = (...args: Parameters<TokenStore['revokeToken']>) =>
    this.tokens.revokeToken(...args);
  // --- robots (RobotStore) ---
  readonly createRobot = (...args: Parameters<RobotStore['createRobot']>) =>
    this.robots.createRobot(...args);
  readonly getRobot = (...args: Parameters<RobotStore['getRobot']>) =>
    this.robots.getRobot(...args);
  readonly listRobots = (...args: Parameters<RobotStore['listRobots']>) =>
    this.robots.listRobots(...args);
  readonly deleteRobot = (...args: Parameters<RobotStore['deleteRobot']>) =>
    this.robots.deleteRobot(...args);
  // --- events (ActivityStore) ---
  readonly recordActivity = (...args: Parameters<ActivityStore['recordActivity']>) =>
    this.events.recordActivity(...args);
  readonly listActivity = (...args: Parameters<ActivityStore['listActivity']>) =>
    this.events.listActivity(...args);
  readonly claimEvent = (...args: Parameters<ActivityStore['claimEvent']>) =>
    this.events.claimEvent(...args);
  readonly recordTagPush = (...args: Parameters<ActivityStore['recordTagPush']>) =>
    this.events.recordTagPush(...args);
  readonly getTagPushes = (...args: Parameters<ActivityStore['getTagPushes']>) =>
    this.events.getTagPushes(...args);
  readonly recordManifest = (...args: Parameters<ActivityStore['recordManifest']>) =>
    this.events.recordManifest(...args);
  readonly listManifests = (...args: Parameters<ActivityStore['listManifests']>) =>
    this.events.listManifests(...args);
  readonly deleteTagPush = (...args: Parameters<ActivityStore['deleteTagPush']>) =>
    this.events.deleteTagPush(...args);
}

import { Knex } from 'knex';

/**
 * What the cells plugin remembers of an app's pull robot: the registry shows a robot's secret
 * only once, at creation.
 *
 * @public
 */
export type KnownPullRobot = {
  /** The registry's creation time of the robot (tells a robot from its replacement). */
  createdAt: string;
  /** The repository name inside the group the robot pulls from. */
  repository: string;
  /** The principal whose right to pull was checked when the robot was made. */
  actor: string;
  username: string;
  secret: string;
};

/**
 * Where the pull robots' secrets are kept, by `group/robot name`.
 *
 * @public
 */
export interface PullRobotStore {
  get(key: string): Promise<KnownPullRobot | undefined>;
  set(key: string, robot: KnownPullRobot): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * Pull robots in memory: one replica only (each replica would delete and recreate the robots
 * of the others). The default when no database is given.
 *
 * @public
 */
export class MemoryPullRobotStore implements PullRobotStore {
  private readonly robots = new Map<string, KnownPullRobot>();
  async get(key: string) {
    return this.robots.get(key);
  }
  async set(key: string, robot: KnownPullRobot) {
    this.robots.set(key, robot);
  }
  async delete(key: string) {
    this.robots.delete(key);
  }
}

const TABLE = 'cells_pull_robots';

/**
 * Pull robots in the cells plugin's database (table `cells_pull_robots`, created by the app
 * migrations), shared by every replica: a robot one replica made is reused by the others instead
 * of being deleted and made again. The secret is stored as the cells' pull Secrets hold it.
 *
 * @public
 */
export class KnexPullRobotStore implements PullRobotStore {
  constructor(private readonly knex: Knex) {}

  async get(key: string): Promise<KnownPullRobot | undefined> {
    const row = await this.knex(TABLE).where({ key }).first();
    return row
      ? {
          createdAt: row.created_at,
          repository: row.repository,
          actor: row.actor,
          username: row.username,
          secret: row.secret,
        }
      : undefined;
  }

  async set(key: string, robot: KnownPullRobot): Promise<void> {
    await this.knex(TABLE)
      .insert({
        key,
        created_at: robot.createdAt,
        repository: robot.repository,
        actor: robot.actor,
        username: robot.username,
        secret: robot.secret,
      })
      .onConflict('key')
      .merge();
  }

  async delete(key: string): Promise<void> {
    await this.knex(TABLE).where({ key }).delete();
  }
}

import { ConflictError, NotFoundError } from '@backstage/errors';
import type { RobotAccount, RobotScope } from '@cellport/plugin-registry-common';
import { robotUsername } from '@cellport/plugin-registry-common';
import { type Page, type PageRequest, pageOfRows } from '@cellport/common';
import { iso, parseJson, TableStore } from './TableStore';
import type { StoredRobot } from './types';

/**
 * Robot accounts of image groups, their secrets stored hashed.
 *
 * @public
 */
export class RobotStore extends TableStore {

  private toRobot(row: any): StoredRobot {
    return {
      name: row.name,
      group: row.group_name,
      username: robotUsername(row.group_name, row.name),
      scopes: parseJson<RobotScope[]>(row.scopes, []),
      createdBy: row.created_by,
      ...(row.on_behalf_of ? { onBehalfOf: row.on_behalf_of } : {}),
      ...(row.expires_at ? { expiresAt: iso(row.expires_at)! } : {}),
      createdAt: iso(row.created_at)!,
      secretHash: row.secret_hash,
    };
  }

  async createRobot(input: {
    group: string;
    name: string;
    scopes: RobotScope[];
    secretHash: string;
    actor: string;
    /** The user whose rights bound the robot's, for robots a service makes for a user. */
    onBehalfOf?: string;
    /** When the robot stops working; never when absent. */
    expiresAt?: Date;
  }): Promise<RobotAccount> {
    await this.db.transaction(async tx => {
      const existing = await tx('registry_robots')
        .where({ group_name: input.group, name: input.name })
        .first();
      if (existing) {
        throw new ConflictError(
          `robot '${input.name}' already exists in image group '${input.group}'`,
        );
      }
      await tx('registry_robots').insert({
        group_name: input.group,
        name: input.name,
        secret_hash: input.secretHash,
        scopes: JSON.stringify(input.scopes),
        created_by: input.actor,
        created_at: new Date(),
        on_behalf_of: input.onBehalfOf ?? null,
        expires_at: input.expiresAt ?? null,
      });
      await this.activity(tx, input.group, null, 'robot-created', input.actor, {
        robot: input.name,
        scopes: input.scopes,
        ...(input.onBehalfOf ? { onBehalfOf: input.onBehalfOf } : {}),
      });
    });
    const { secretHash, ...robot } = (await this.getRobot(
      input.group,
      input.name,
    ))!;
    return robot;
  }

  async getRobot(group: string, name: string): Promise<StoredRobot | undefined> {
    const row = await this.db('registry_robots')
      .where({ group_name: group, name })
      .first();
    return row ? this.toRobot(row) : undefined;
  }

  /**
   * A page of a group's robots by name (keyset: the names after `page.after`); with `createdBy`,
   * only the robots that principal created (a service sees its own), counted in the query.
   */
  async listRobots(
    group: string,
    page: PageRequest,
    createdBy?: string,
  ): Promise<Page<RobotAccount>> {
    const query = this.db('registry_robots')
      .where({ group_name: group })
      .orderBy('name')
      .limit(page.limit + 1);
    if (createdBy !== undefined) query.where('created_by', createdBy);
    if (page.after) query.where('name', '>', page.after[0]);
    const robots = (await query).map(r => {
      const { secretHash, ...robot } = this.toRobot(r);
      return robot;
    });
    return pageOfRows(robots, page.limit, r => [r.name]);
  }

  async deleteRobot(group: string, name: string, actor: string): Promise<void> {
    const n = await this.db('registry_robots')
      .where({ group_name: group, name })
      .delete();
    if (!n) {
      throw new NotFoundError(
        `robot '${name}' not found in image group '${group}'`,
      );
    }
    await this.activity(this.db, group, null, 'robot-deleted', actor, {
      robot: name,
    });
  }

}

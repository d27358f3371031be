import { createCellportTestDatabases } from '@cellport/test-utils';
import { Knex } from 'knex';
import { applyAppMigrations } from '../../database/migrations';
import { KnexPullRobotStore, KnownPullRobot } from './PullRobotStore';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();

const robot = (n: number): KnownPullRobot => ({
  createdAt: `2026-12-07T10:00:0${n}.000Z`,
  repository: 'api',
  actor: 'user:default/alice',
  username: 'robot$team+cells-shop',
  secret: `cprb_secret${n}`,
});

describe.each(databases.eachSupportedId())('KnexPullRobotStore on %p', databaseId => {
  let knex: Knex;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyAppMigrations(knex);
  });

  it('shares robots between replicas: what one stores the other reads, replaced and deleted', async () => {
    const [one, two] = [new KnexPullRobotStore(knex), new KnexPullRobotStore(knex)];
    expect(await two.get('team/cells-shop')).toBeUndefined();
    await one.set('team/cells-shop', robot(1));
    expect(await two.get('team/cells-shop')).toEqual(robot(1));
    // a replaced robot overwrites the row
    await two.set('team/cells-shop', robot(2));
    expect(await one.get('team/cells-shop')).toEqual(robot(2));
    await one.delete('team/cells-shop');
    expect(await two.get('team/cells-shop')).toBeUndefined();
  });
});

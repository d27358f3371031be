import { decodeCursor } from '@cellport/common';
import { createCellportTestDatabases } from '@cellport/test-utils';
import { versionSpecSchema } from '@cellport/plugin-cells-common';
import { Knex } from 'knex';
import { KnexAppStore } from './KnexAppStore';
import { applyAppMigrations } from './migrations';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();

const spec = versionSpecSchema.parse({
  image: 'example/payments:1.0.0',
  replicas: { 'dev-1': 2, 'dev-2': 1 },
});

describe.each(databases.eachSupportedId())('KnexAppStore on %p', databaseId => {
  let knex: Knex;
  let store: KnexAppStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyAppMigrations(knex);
    await applyAppMigrations(knex); // idempotent
    store = KnexAppStore.create({ knex });
  });

  it('creates apps with their cells, refuses a taken name', async () => {
    const app = await store.createApp({
      name: 'payments',
      description: 'Pays',
      production: true,
      region: 'dev',
      cells: [
        { cell: 'dev-2', drifted: false },
        { cell: 'dev-1', drifted: false },
      ],
      createdBy: 'user:default/alice',
    });
    expect(app).toEqual({
      name: 'payments',
      description: 'Pays',
      production: true,
      region: 'dev',
      cells: [
        { cell: 'dev-1', drifted: false },
        { cell: 'dev-2', drifted: false },
      ],
      createdBy: 'user:default/alice',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(Date.now() - Date.parse(app.createdAt)).toBeLessThan(60_000);
    await expect(
      store.createApp({
        name: 'payments',
        production: false,
        region: 'dev',
        cells: [{ cell: 'dev-1', drifted: false }],
        createdBy: 'user:default/bob',
      }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    await store.createApp({
      name: 'orders',
      production: false,
      region: 'dev',
      cells: [{ cell: 'dev-1', drifted: false }],
      createdBy: 'user:default/bob',
    });
  });

  it('updates settings; null clears', async () => {
    await store.updateApp('payments', {
      componentRef: 'component:default/payments',
      imageRepository: 'pay/api',
    });
    let app = await store.getApp('payments');
    expect(app).toMatchObject({
      componentRef: 'component:default/payments',
      imageRepository: 'pay/api',
      description: 'Pays',
    });
    app = await store.updateApp('payments', { componentRef: null });
    expect(app).not.toHaveProperty('componentRef');
    expect(app.imageRepository).toBe('pay/api');
    await expect(
      store.updateApp('nope', { description: 'x' }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('lists apps by name with a substring filter and a query filter', async () => {
    expect((await store.listApps()).map(a => a.name)).toEqual([
      'orders',
      'payments',
    ]);
    expect((await store.listApps({ q: 'PAY' })).map(a => a.name)).toEqual([
      'payments',
    ]);
    expect(await store.listApps({ q: '%' })).toEqual([]);
    const onlyOrders = {
      apply: (query: Knex.QueryBuilder, column: string) =>
        query.where(column, 'orders'),
    };
    expect(
      (await store.listApps({ filter: onlyOrders })).map(a => a.name),
    ).toEqual(['orders']);
    expect(
      (await store.getApps(['payments', 'nope', 'orders'])).map(a => a.name),
    ).toEqual(['payments', 'orders']);
  });

  it('stores versions newest first, refuses duplicates', async () => {
    await store.createVersion({
      app: 'payments',
      name: 'v1',
      spec,
      createdBy: 'user:default/alice',
    });
    await store.createVersion({
      app: 'payments',
      name: 'v2',
      spec: { ...spec, image: 'example/payments:2.0.0' },
      createdBy: 'user:default/alice',
    });
    await expect(
      store.createVersion({
        app: 'payments',
        name: 'v1',
        spec,
        createdBy: 'x',
      }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    await expect(
      store.createVersion({ app: 'nope', name: 'v1', spec, createdBy: 'x' }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    const versions = await store.listVersions('payments');
    expect(versions.map(v => v.name)).toEqual(['v2', 'v1']);
    expect(versions[1]).toEqual({
      app: 'payments',
      name: 'v1',
      spec,
      createdBy: 'user:default/alice',
      createdAt: expect.any(String),
    });
    expect(await store.getVersion('payments', 'v3')).toBeUndefined();
  });

  it('tracks stable and current versions, and drift', async () => {
    await store.setStableVersion('payments', 'dev-1', 'v2');
    await store.setStableVersion('payments', 'dev-2', 'v1');
    await store.setCurrentVersion('payments', 'v2');
    const app = await store.getApp('payments');
    expect(app?.currentVersion).toBe('v2');
    expect(app?.cells).toEqual([
      { cell: 'dev-1', stableVersion: 'v2', drifted: false },
      { cell: 'dev-2', stableVersion: 'v1', drifted: true },
    ]);
    await expect(
      store.setStableVersion('payments', 'dev-9', 'v1'),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await store.setStableVersion('payments', 'dev-2', null);
    expect((await store.getApp('payments'))?.cells[1]).toEqual({
      cell: 'dev-2',
      drifted: false,
    });
  });

  it('deletes versions and apps with everything in them', async () => {
    expect(await store.deleteVersion('payments', 'v1')).toBe(true);
    expect(await store.deleteVersion('payments', 'v1')).toBe(false);
    expect(await store.deleteApp('payments')).toBe(true);
    expect(await store.deleteApp('payments')).toBe(false);
    expect(await store.getApp('payments')).toBeUndefined();
    expect(await store.listVersions('payments')).toEqual([]);
    expect(await knex('app_cells').where({ app: 'payments' })).toEqual([]);
  });

  it('pages apps by name within the filter and versions newest first, each item once', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `page-${i}`);
    for (const name of [...names].reverse()) {
      await store.createApp({
        name,
        production: false,
        region: 'dev',
        cells: [{ cell: 'dev-1', drifted: false }],
        createdBy: 'user:default/alice',
      });
    }
    const evenOnly = {
      apply: (query: Knex.QueryBuilder, column: string) =>
        query.whereIn(column, names.filter((_, i) => i % 2 === 0)),
    };
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const rows = await store.listApps({ filter: evenOnly, limit: 4, after });
      seen.push(...rows.map(a => a.name));
      if (rows.length < 4) break;
      after = rows[rows.length - 1].name;
    }
    expect(seen).toEqual(names.filter((_, i) => i % 2 === 0).sort());

    for (let i = 0; i < 7; i++) {
      await store.createVersion({
        app: 'page-0',
        name: `v${i}`,
        spec,
        createdBy: 'user:default/alice',
      });
    }
    const pages: string[][] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const beforeId = cursor ? Number(decodeCursor(cursor, 1)[0]) : undefined;
      const page = await store.listVersionPage('page-0', { limit: 3, beforeId });
      pages.push(page.items.map(v => v.name));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(pages).toEqual([
      ['v6', 'v5', 'v4'],
      ['v3', 'v2', 'v1'],
      ['v0'],
    ]);
    const exact = await store.listVersionPage('page-0', { limit: 7 });
    expect(exact.items).toHaveLength(7);
    expect(exact.nextCursor).toBeUndefined();
  });
});

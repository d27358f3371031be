import { createCellportTestDatabases } from '@cellport/test-utils';
import { BuildsStore } from './BuildsStore';

jest.setTimeout(60_000);
const databases = createCellportTestDatabases();

describe.each(databases.eachSupportedId())('BuildsStore on %s', databaseId => {
  it('numbers builds per config, transitions once, keeps log chunks and deliveries unique', async () => {
    const knex = await databases.init(databaseId);
    const store = await BuildsStore.create({ knex });
    await store.createConfig({
      name: 'api',
      repositoryUrl: 'http://git.test/api.git',
      branch: 'main',
      context: '.',
      dockerfile: 'Dockerfile',
      buildArgs: [],
      imageRepository: 'team/app',
      tagRule: { type: 'branch-counter' },
      cacheMountPath: '/cache',
      webhookSecretEnc: 'x',
      createdBy: 'user:default/alice',
    });
    const make = (id: string) =>
      store.createBuild({
        id,
        config: 'api',
        trigger: { type: 'manual', actor: 'user:default/alice' },
        branch: 'main',
        tag: n => `main-${n}`,
        noCache: false,
        createdBy: 'user:default/alice',
        steps: [],
      });
    const [a, b] = [
      await make('00000000-0000-0000-0000-00000000000a'),
      await make('00000000-0000-0000-0000-00000000000b'),
    ];
    expect([a.number, a.tag, b.number, b.tag]).toEqual([
      1,
      'main-1',
      2,
      'main-2',
    ]);
    const first = await store.transition(
      a.id,
      { state: 'queued', attempt: 0 },
      { state: 'running', attempt: 1, agent: 'x' },
    );
    const second = await store.transition(
      a.id,
      { state: 'queued', attempt: 0 },
      { state: 'running', attempt: 1, agent: 'y' },
    );
    expect([first, second]).toEqual([true, false]);
    expect(await store.runningPerAgent()).toEqual(new Map([['x', 1]]));
    await store.appendLog(a.id, 1, 0, [{ at: 'now', text: 'one' }]);
    await store.appendLog(a.id, 1, 0, [{ at: 'now', text: 'one again' }]);
    await store.appendLog(a.id, 1, 1, [{ at: 'now', text: 'two' }]);
    expect(
      (await store.readLog(a.id, undefined)).map(c => c.lines[0].text),
    ).toEqual(['one', 'two']);
    expect(
      (await store.readLog(a.id, { attempt: 1, seq: 0 })).map(c => c.seq),
    ).toEqual([1]);
    expect(await store.recordDelivery('api', 'd1')).toBe(true);
    expect(await store.recordDelivery('api', 'd1')).toBe(false);
    await store.deleteConfig('api');
    expect(await store.getBuild(a.id)).toBeUndefined();
  });
});

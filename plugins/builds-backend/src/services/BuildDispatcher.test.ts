import request from 'supertest';
import { as, createTestBuilds } from '../__testUtils__/testing';
import { rendezvousOrder } from './rendezvous';

const config = (name: string) => ({
  name,
  repositoryUrl: 'http://git.test/team/api.git',
  imageRepository: 'team/app',
  buildArgs: [{ name: 'NPM_TOKEN', value: 'npm-s3cret', secret: true }],
});

describe('BuildDispatcher', () => {
  let t: Awaited<ReturnType<typeof createTestBuilds>>;
  const start = async (name: string) =>
    (
      await request(t.app)
        .post(`/configs/${name}/builds`)
        .set('authorization', as('alice'))
        .send({})
        .expect(201)
    ).body;
  const get = async (name: string, n: number) =>
    (
      await request(t.app)
        .get(`/configs/${name}/builds/${n}`)
        .set('authorization', as('alice'))
        .expect(200)
    ).body;

  beforeEach(async () => {
    t = await createTestBuilds();
    t.directory.addAgent('agent-a');
    t.directory.addAgent('agent-b');
  });

  it('starts without waiting for etcd: the agent watch is set up in the background', async () => {
    // an etcd that does not answer: the client's watch never completes
    t.directory.watch = () => new Promise<void>(() => {});
    const outcome = await Promise.race([
      t.dispatcher.start().then(() => 'started'),
      new Promise(resolve => setTimeout(() => resolve('blocked'), 5000)),
    ]);
    await t.dispatcher.stop();
    expect(outcome).toBe('started');
  });

  it('orders agents by rendezvous hashing: stable per key, only a removed host moves', () => {
    const hosts = ['a', 'b', 'c', 'd'].map(host => ({ host }));
    const keys = Array.from({ length: 40 }, (_, i) => `config-${i}`);
    const first = keys.map(k => rendezvousOrder(k, hosts)[0].host);
    expect(new Set(first).size).toBeGreaterThan(1);
    const without = keys.map(
      k =>
        rendezvousOrder(
          k,
          hosts.filter(h => h.host !== 'c'),
        )[0].host,
    );
    const moved = keys.filter(
      (_, i) => first[i] !== 'c' && without[i] !== first[i],
    );
    expect(moved).toEqual([]);
  });

  it('sends builds of one config to the same agent and runs them to the pushed digest', async () => {
    await request(t.app)
      .post('/configs')
      .set('authorization', as('alice'))
      .send(config('api'))
      .expect(201);
    const b1 = await start('api');
    await t.dispatcher.tick();
    const placed = t.directory.taskOf(b1.id)!;
    expect(placed.host).toBe(
      rendezvousOrder('api', [{ host: 'agent-a' }, { host: 'agent-b' }])[0]
        .host,
    );
    expect(placed.task).toMatchObject({
      attempt: 1,
      git: { url: 'http://git.test/team/api.git', branch: 'main' },
      buildArgs: [{ name: 'NPM_TOKEN', value: 'npm-s3cret', secret: true }],
      image: {
        registry: '127.0.0.1:5050',
        repository: 'team/app',
        insecure: true,
      },
    });
    const task = placed.task;
    const at = new Date().toISOString();
    t.directory.report(task, {
      type: 'step',
      step: 'clone',
      state: 'running',
      at,
    });
    t.directory.report(task, { type: 'log', lines: [{ at, text: 'cloning' }] });
    t.directory.report(task, {
      type: 'step',
      step: 'clone',
      state: 'succeeded',
      at,
      durationMs: 120,
    });
    t.directory.report(task, {
      type: 'commit',
      commit: 'b'.repeat(40),
      tag: 'bbbbbbb',
    });
    t.directory.report(task, { type: 'token-request', at });
    await t.dispatcher.tick();
    expect(t.minted).toEqual([{ repository: 'team/app', build: 'api-1' }]);
    expect(t.directory.tokens.get(`${b1.id}/1`)).toBe('token-for-api-1');
    t.directory.report(task, {
      type: 'result',
      state: 'succeeded',
      at,
      digest: 'sha256:abc',
      tag: 'bbbbbbb',
    });
    await t.dispatcher.tick();
    const done = await get('api', 1);
    expect(done).toMatchObject({
      state: 'succeeded',
      agent: placed.host,
      commit: 'b'.repeat(40),
      tag: 'bbbbbbb',
      digest: 'sha256:abc',
      image: '127.0.0.1:5050/team/app:bbbbbbb',
    });
    expect(done.steps[0]).toMatchObject({
      name: 'clone',
      state: 'succeeded',
      durationMs: 120,
    });
    expect(t.directory.taskOf(b1.id)).toBeUndefined();
    const log = await request(t.app)
      .get('/configs/api/builds/1/log')
      .set('authorization', as('alice'))
      .expect(200);
    expect(log.body).toMatchObject({
      lines: [{ text: 'cloning', attempt: 1 }],
      complete: true,
    });

    const b2 = await start('api');
    await t.dispatcher.tick();
    expect(t.directory.taskOf(b2.id)!.host).toBe(placed.host);
    const activity = await request(t.app)
      .get('/configs/api/activity')
      .set('authorization', as('alice'))
      .expect(200);
    expect(activity.body.items.map((a: any) => a.action)).toEqual(
      expect.arrayContaining([
        'build-queued',
        'build-started',
        'build-succeeded',
      ]),
    );
  });

  it('fails the attempt of a dead agent with the reason and retries once on the next agent', async () => {
    await request(t.app)
      .post('/configs')
      .set('authorization', as('alice'))
      .send(config('api'))
      .expect(201);
    const b = await start('api');
    await t.dispatcher.tick();
    const first = t.directory.taskOf(b.id)!;
    t.directory.report(first.task, {
      type: 'step',
      step: 'build',
      state: 'running',
      at: new Date().toISOString(),
    });
    await t.dispatcher.tick();
    t.directory.agents.delete(first.host); // its lease expired
    await t.dispatcher.tick();
    const second = t.directory.taskOf(b.id)!;
    expect(second.host).not.toBe(first.host);
    expect(second.task.attempt).toBe(2);
    let build = await get('api', 1);
    expect(build).toMatchObject({ state: 'running', agent: second.host });
    expect(build.attempts[0]).toMatchObject({
      agent: first.host,
      reason: `build agent ${first.host} stopped responding (its etcd lease expired) during the build step`,
    });
    // a late report of the dead attempt changes nothing
    t.directory.report(first.task, {
      type: 'result',
      state: 'succeeded',
      at: new Date().toISOString(),
      digest: 'sha256:late',
    });
    await t.dispatcher.tick();
    expect((await get('api', 1)).state).toBe('running');
    // the second agent dies too: failed for good, nothing left running
    t.directory.agents.delete(second.host);
    await t.dispatcher.tick();
    build = await get('api', 1);
    expect(build).toMatchObject({
      state: 'failed',
      reason: expect.stringMatching(/stopped responding/),
    });
    expect(t.directory.tasks.size).toBe(0);
  });

  it('keeps builds queued while every agent is full, then uses the next one', async () => {
    t.directory.agents.clear();
    t.directory.addAgent('agent-a', 1);
    t.directory.addAgent('agent-b', 1);
    await request(t.app)
      .post('/configs')
      .set('authorization', as('alice'))
      .send(config('api'))
      .expect(201);
    const builds = [await start('api'), await start('api'), await start('api')];
    await t.dispatcher.tick();
    const hosts = builds.map(b => t.directory.taskOf(b.id)?.host);
    expect(hosts.slice(0, 2).sort()).toEqual(['agent-a', 'agent-b']);
    expect(hosts[2]).toBeUndefined();
    expect((await get('api', 3)).state).toBe('queued');
  });
});

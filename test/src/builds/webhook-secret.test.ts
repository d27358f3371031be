/*
 * The webhook secret and the list pages of the builds plugin, end to end against the running portal
 * and REAL components: the secret is in the config's creation answer only; a rotation's answer holds
 * the new one, after which a `git push` whose post-receive hook (git http-backend on the local git
 * server) still signs with the old secret is refused and one with the new secret queues a build.
 * The configs and the agents (registered in etcd) are walked page by page.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  configureWebhook,
  createImageRepository,
  createRepository,
  git,
  gitBaseUrl,
  PortalClient,
} from './harness';

jest.setTimeout(600_000);

const suffix = crypto.randomBytes(3).toString('hex');
const group = `e2e-hooks-${suffix}`;

/** Every item of a list route of the builds API, `limit` at a time. */
async function walk(client: PortalClient, route: string, limit: number) {
  const items: any[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const query = new URLSearchParams({
      limit: String(limit),
      ...(cursor ? { cursor } : {}),
    });
    const page = await client.ok('GET', `/api/builds/${route}?${query}`);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return items;
  }
  throw new Error(`${route} never ended`);
}

describe('build config webhook secret and list pages', () => {
  let client: PortalClient;

  beforeAll(async () => {
    client = await PortalClient.guest();
    await createImageRepository(client, group, 'web');
  });

  it('shows the secret once; after a rotation the old secret is refused and the new one builds', async () => {
    const config = `hooks-${suffix}`;
    const bare = await createRepository(config);
    const created = await client.ok('POST', '/api/builds/configs', {
      name: config,
      repositoryUrl: `${gitBaseUrl()}/${config}.git`,
      imageRepository: `${group}/web`,
    });
    const first: string = created.webhookSecret;
    expect(first.length).toBeGreaterThanOrEqual(40);
    const hooks = await client.ok(
      'GET',
      `/api/builds/configs/${config}/webhooks`,
    );
    expect(JSON.stringify(hooks)).not.toContain(first);
    expect(hooks.secret).toMatchObject({
      set: true,
      lastFour: first.slice(-4),
    });
    for (const read of ['', `/${config}`, `/${config}/activity`]) {
      const text = JSON.stringify(
        await client.ok('GET', `/api/builds/configs${read}`),
      );
      expect(text).not.toContain(first);
    }
    const url = hooks.endpoints.find((e: any) => e.platform === 'gitlab').url;
    await configureWebhook(bare, url, first);

    const rotated = await client.ok(
      'POST',
      `/api/builds/configs/${config}/webhooks/rotate`,
    );
    expect(rotated.secret).not.toBe(first);
    const after = await client.ok(
      'GET',
      `/api/builds/configs/${config}/webhooks`,
    );
    expect(JSON.stringify(after)).not.toContain(rotated.secret);
    expect(after.secret).toMatchObject({
      setAt: rotated.setAt,
      setBy: rotated.setBy,
      lastFour: rotated.secret.slice(-4),
    });

    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-hooks-'));
    await git(
      os.tmpdir(),
      'clone',
      '-q',
      `${gitBaseUrl()}/${config}.git`,
      work,
    );
    const pushChange = async (text: string) => {
      fs.writeFileSync(path.join(work, 'www/index.html'), `<h1>${text}</h1>\n`);
      await git(work, 'commit', '-q', '-am', text);
      return (await git(work, 'push', 'origin', 'main')).stderr;
    };
    // the hook still signs with the old secret: refused, nothing queued
    expect(await pushChange('old secret')).toContain(
      'cellport: webhook for refs/heads/main answered 401',
    );
    expect(
      (await client.ok('GET', `/api/builds/configs/${config}/builds`)).items,
    ).toEqual([]);
    // with the new secret the push queues a build of the pushed commit
    await configureWebhook(bare, url, rotated.secret);
    expect(await pushChange('new secret')).toContain(
      'cellport: webhook for refs/heads/main answered 201',
    );
    const head = (await git(work, 'rev-parse', 'HEAD')).stdout;
    const builds = await client.ok(
      'GET',
      `/api/builds/configs/${config}/builds`,
    );
    expect(builds.items).toHaveLength(1);
    expect(builds.items[0]).toMatchObject({
      commit: head,
      trigger: { type: 'webhook', platform: 'gitlab' },
    });
    // the image itself is the build loop's test: spare the agents the work
    await client.ok(
      'POST',
      `/api/builds/configs/${config}/builds/${builds.items[0].number}/cancel`,
    );
    await client.waitForBuild(config, builds.items[0].number, ['cancelled']);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('walks the build configs and the agents page by page, each once and in order', async () => {
    const names = ['pa', 'pb', 'pc'].map(p => `${p}-${suffix}`);
    for (const name of names) {
      await client.ok('POST', '/api/builds/configs', {
        name,
        repositoryUrl: `${gitBaseUrl()}/${name}.git`,
        imageRepository: `${group}/web`,
      });
    }
    const whole = (await client.ok('GET', '/api/builds/configs?limit=500'))
      .items;
    const paged = await walk(client, 'configs', 2);
    expect(paged.map(c => c.name)).toEqual(whole.map((c: any) => c.name));
    expect(new Set(paged.map(c => c.name)).size).toBe(paged.length);
    const ours = paged.map(c => c.name).filter(n => names.includes(n));
    expect(ours).toEqual(names);

    const agents = await walk(client, 'agents', 1);
    expect(agents.length).toBeGreaterThanOrEqual(2);
    const hosts = agents.map(a => a.host);
    expect(hosts).toEqual([...hosts].sort());
    expect(new Set(hosts).size).toBe(hosts.length);

    const bad = await client.call('GET', '/api/builds/configs?cursor=nope!');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/cursor/);
  });
});

/*
 * The build loop end to end against the running portal and REAL components: a `git push` to the
 * local git server (git http-backend) runs its post-receive hook, which sends a signed GitLab push
 * webhook; the backend queues a build and hands it through etcd to a build agent, which clones
 * the exact commit, builds with buildah and pushes with its own registry token; the image is in the
 * registry with its tag, digest and activity. Also: the push token cannot push anywhere else, the
 * three platforms' signatures against the real endpoint, replays, and an agent SIGKILLed mid-build.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from '../lib/portal';
import {
  agentPid,
  configureWebhook,
  createImageRepository,
  createRepository,
  execFileP,
  git,
  gitBaseUrl,
  PortalClient,
  restartBuildLoop,
  watchEtcd,
} from './harness';

jest.setTimeout(600_000);

const suffix = crypto.randomBytes(3).toString('hex');
const group = `e2e-builds-${suffix}`;
const config = `pay-${suffix}`;

describe('build loop: git push to image', () => {
  let client: PortalClient;
  let bare: string;
  let secret: string;
  let webhookUrl: string;

  beforeAll(async () => {
    client = await PortalClient.guest();
    await createImageRepository(client, group, 'payments-api');
    bare = await createRepository(`payments-${suffix}`);
    // the creation answer is the only one that holds the webhook secret
    const created = await client.ok('POST', '/api/builds/configs', {
      name: config,
      repositoryUrl: `${gitBaseUrl()}/payments-${suffix}.git`,
      imageRepository: `${group}/payments-api`,
      buildArgs: [
        { name: 'VERSION', value: 'e2e' },
        { name: 'NPM_TOKEN', value: `s3cret-${suffix}`, secret: true },
      ],
    });
    secret = created.webhookSecret;
    const hooks = await client.ok(
      'GET',
      `/api/builds/configs/${config}/webhooks`,
    );
    if (JSON.stringify(hooks).includes(secret)) {
      throw new Error('a read of the webhooks holds the webhook secret');
    }
    webhookUrl = hooks.endpoints.find((e: any) => e.platform === 'gitlab').url;
    await configureWebhook(bare, webhookUrl, secret);
  });

  it('a pushed commit becomes an image in the registry, built on an agent with a token for that repository only', async () => {
    const tokens = watchEtcd('/builds/tokens/');
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-work-'));
    await git(
      os.tmpdir(),
      'clone',
      '-q',
      `${gitBaseUrl()}/payments-${suffix}.git`,
      work,
    );
    fs.writeFileSync(
      path.join(work, 'www/index.html'),
      `<h1>payments-api ${suffix}</h1>\n`,
    );
    await git(work, 'commit', '-q', '-am', 'new front page');
    const commit = (await git(work, 'rev-parse', 'HEAD')).stdout;
    const pushed = await git(work, 'push', 'origin', 'main');
    expect(pushed.stderr).toContain(
      'cellport: webhook for refs/heads/main answered 201',
    );

    const build = await client.waitForBuild(config, 1, ['succeeded']);
    expect(build).toMatchObject({
      commit,
      tag: commit.slice(0, 7),
      trigger: { type: 'webhook', platform: 'gitlab' },
      steps: [
        { name: 'clone', state: 'succeeded' },
        { name: 'build', state: 'succeeded' },
        { name: 'push', state: 'succeeded' },
      ],
    });
    expect(build.agent).toMatch(/^build-[12]$/);
    expect(build.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    for (const step of build.steps)
      expect(step.durationMs).toBeGreaterThanOrEqual(0);

    // the registry has the tag with that digest, pushed by the build
    const tags = await client.ok(
      'GET',
      `/api/registry/repositories/${group}/payments-api/tags`,
    );
    const tag = (tags.items ?? tags).find(
      (t: any) => t.name === build.tag || t.tag === build.tag,
    );
    expect(tag).toBeDefined();
    expect(JSON.stringify(tag)).toContain(build.digest);

    // activity of the build config; the log streamed back with the secret masked
    const activity = await client.ok(
      'GET',
      `/api/builds/configs/${config}/activity`,
    );
    const succeeded = activity.items.find(
      (a: any) => a.action === 'build-succeeded',
    );
    expect(succeeded.details).toMatchObject({
      build: 1,
      digest: build.digest,
      tag: build.tag,
    });
    const log = await client.ok(
      'GET',
      `/api/builds/configs/${config}/builds/1/log`,
    );
    const text = log.lines.map((l: any) => l.text).join('\n');
    expect(text).toContain('dependency cache:');
    expect(text).not.toContain(`s3cret-${suffix}`);
    expect(log.complete).toBe(true);

    // the push token granted push on this repository only: the real registry refuses elsewhere
    const printed = tokens.stop();
    const token = printed.split('\n').find(l => l.startsWith('ey'));
    expect(token).toBeDefined();
    await createImageRepository(client, `${group}-other`, 'target');
    const registry = process.env.CELLPORT_REGISTRY_HOST!;
    const copy = (to: string) =>
      execFileP('skopeo', [
        'copy',
        '--src-tls-verify=false',
        '--dest-tls-verify=false',
        '--src-registry-token',
        token!,
        '--dest-registry-token',
        token!,
        `docker://${registry}/${group}/payments-api:${build.tag}`,
        `docker://${registry}/${to}`,
      ]);
    await copy(`${group}/payments-api:copied-with-the-build-token`); // valid for its own repository
    await expect(copy(`${group}-other/target:stolen`)).rejects.toThrow(
      /denied|unauthorized|authentication required/i,
    );
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('the built image deploys as a version of an app in both simulated cells, pods Running', async () => {
    const build = await client.ok(
      'GET',
      `/api/builds/configs/${config}/builds/1`,
    );
    const app = `pay-${suffix}`;
    await client.ok('POST', '/api/cells/apps', {
      name: app,
      production: true,
      cells: ['dev-1', 'dev-2'],
      imageRepository: `${group}/payments-api`,
    });
    await client.ok('POST', `/api/cells/apps/${app}/versions`, {
      name: 'v1',
      spec: {
        image: build.image,
        replicas: { 'dev-1': 1, 'dev-2': 1 },
        env: [],
        healthCheck: { path: '/healthz', periodSeconds: 1 },
        resources: {
          requests: { cpu: '10m', memory: '16Mi' },
          limits: { cpu: '100m', memory: '64Mi' },
        },
      },
    });
    const overview = await waitFor(
      'v1 Ready in both cells',
      async () => {
        const o = await client.ok('GET', `/api/cells/apps/${app}/overview`);
        const ready = o.cells.map(
          (c: any) =>
            c.versions.find((v: any) => v.version === 'v1')?.ready ?? 0,
        );
        return ready.length === 2 && ready.every((r: number) => r === 1)
          ? o
          : undefined;
      },
      120_000,
      500,
    );
    expect(overview.cells.map((c: any) => c.cell).sort()).toEqual([
      'dev-1',
      'dev-2',
    ]);
    // the simulated kubelet pulled it from the registry with the app's pull secret
    const events = await client.ok('GET', `/api/cells/apps/${app}/events`);
    expect(JSON.stringify(events)).toContain(
      `Successfully pulled image \\"${build.image}\\"`,
    );

    // a version whose image was never built fails to pull as on a real cluster
    const never = build.image.replace(/:[^:]+$/, ':never-built');
    const broken = `never-${suffix}`;
    await client.ok('POST', '/api/cells/apps', {
      name: broken,
      production: true,
      cells: ['dev-1', 'dev-2'],
      imageRepository: `${group}/payments-api`,
    });
    await client.ok('POST', `/api/cells/apps/${broken}/versions`, {
      name: 'v1',
      spec: {
        image: never,
        replicas: { 'dev-1': 1, 'dev-2': 1 },
        env: [],
        healthCheck: { path: '/healthz', periodSeconds: 1 },
        resources: {
          requests: { cpu: '10m', memory: '16Mi' },
          limits: { cpu: '100m', memory: '64Mi' },
        },
      },
    });
    const backoff = await waitFor(
      'the pods of a never-built image in ImagePullBackOff',
      async () => {
        const o = await client.ok('GET', `/api/cells/apps/${broken}/overview`);
        const pods = o.cells.flatMap((c: any) => c.pods ?? []);
        return pods.length === 2 &&
          JSON.stringify(pods).includes('ImagePullBackOff')
          ? pods
          : undefined;
      },
      60_000,
      500,
    );
    expect(JSON.stringify(backoff)).toContain('ImagePullBackOff');
    const failed = JSON.stringify(
      await client.ok('GET', `/api/cells/apps/${broken}/events`),
    );
    expect(failed).toContain(`Failed to pull image \\"${never}\\"`);
    expect(failed).toContain('not found');
    expect(failed).toContain('Back-off pulling image');
    for (const name of [app, broken]) {
      await client.ok(
        'DELETE',
        `/api/cells/apps/${name}`,
        undefined,
        [200, 202, 204],
      );
    }
  });

  it('checks the signatures of the three platforms and ignores replays, against the running portal', async () => {
    const after = (await git(bare, 'rev-parse', 'main')).stdout;
    const body = JSON.stringify({
      ref: 'refs/heads/main',
      after,
      user_username: 'test',
      pusher: { name: 'test' },
    });
    const hmac = crypto.createHmac('sha256', secret).update(body).digest('hex');
    const send = (platform: string, headers: Record<string, string>) =>
      fetch(`${client.url}/api/builds/webhooks/${config}/${platform}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      }).then(async r => ({ status: r.status, body: await r.json() }));
    expect(
      (
        await send('gitlab', {
          'x-gitlab-event': 'Push Hook',
          'x-gitlab-token': 'wrong',
        })
      ).status,
    ).toBe(401);
    expect((await send('github', { 'x-github-event': 'push' })).status).toBe(
      401,
    );
    expect(
      (
        await send('gitea', {
          'x-gitea-event': 'push',
          'x-gitea-signature': '00'.repeat(32),
        })
      ).status,
    ).toBe(401);
    const gh = await send('github', {
      'x-github-event': 'push',
      'x-github-delivery': `gh-${suffix}`,
      'x-hub-signature-256': `sha256=${hmac}`,
    });
    expect(gh.status).toBe(201);
    const replay = await send('github', {
      'x-github-event': 'push',
      'x-github-delivery': `gh-${suffix}`,
      'x-hub-signature-256': `sha256=${hmac}`,
    });
    expect(replay).toMatchObject({
      status: 202,
      body: { ignored: expect.stringMatching(/replay/) },
    });
    const gitea = await send('gitea', {
      'x-gitea-event': 'push',
      'x-gitea-delivery': `gt-${suffix}`,
      'x-gitea-signature': hmac,
    });
    expect(gitea.status).toBe(201);
    // builds of one config go to the agent that built it before (its caches)
    const first = await client.ok(
      'GET',
      `/api/builds/configs/${config}/builds/1`,
    );
    for (const n of [gh.body.number, gitea.body.number]) {
      const b = await client.waitForBuild(config, n, ['succeeded']);
      expect(b.agent).toBe(first.agent);
    }
    const list = await client.ok('GET', `/api/builds/configs/${config}/builds`);
    expect(list.items).toHaveLength(3);
  });

  it('an agent killed mid-build fails that attempt with the reason; the retry runs on the other agent', async () => {
    const slow = `slow-${suffix}`;
    await createRepository(
      slow,
      'FROM library/base:1\nARG STAMP\nRUN echo "building $STAMP"; sleep 20; echo slow step done\n',
    );
    await client.ok('POST', '/api/builds/configs', {
      name: slow,
      repositoryUrl: `${gitBaseUrl()}/${slow}.git`,
      imageRepository: `${group}/payments-api`,
      tagRule: { type: 'branch-counter' },
      buildArgs: [{ name: 'STAMP', value: suffix }],
    });
    const started = await client.ok(
      'POST',
      `/api/builds/configs/${slow}/builds`,
      { noCache: true },
    );
    const running = await waitFor(
      'the slow build step to run',
      async () => {
        const b = await client.ok(
          'GET',
          `/api/builds/configs/${slow}/builds/${started.number}`,
        );
        return b.steps.find(
          (s: any) => s.name === 'build' && s.state === 'running',
        )
          ? b
          : undefined;
      },
      120_000,
      300,
    );
    const victim = running.agent as string;
    process.kill(agentPid(victim), 'SIGKILL');
    try {
      const retried = await waitFor(
        'the retry on the other agent',
        async () => {
          const b = await client.ok(
            'GET',
            `/api/builds/configs/${slow}/builds/${started.number}`,
          );
          return b.attempts.length === 2 && b.state === 'running'
            ? b
            : undefined;
        },
        60_000,
        300,
      );
      expect(retried.agent).not.toBe(victim);
      expect(retried.attempts[0]).toMatchObject({
        agent: victim,
        reason: expect.stringMatching(
          new RegExp(
            `build agent ${victim} stopped responding \\(its etcd lease expired\\) during the build step`,
          ),
        ),
      });
      const done = await client.waitForBuild(slow, started.number, [
        'succeeded',
      ]);
      expect(done).toMatchObject({
        agent: retried.agent,
        tag: `main-${started.number}`,
      });
      const activity = await client.ok(
        'GET',
        `/api/builds/configs/${slow}/activity`,
      );
      expect(activity.items.map((a: any) => a.action)).toEqual(
        expect.arrayContaining(['build-retried', 'build-succeeded']),
      );
    } finally {
      await restartBuildLoop();
    }
  });
});

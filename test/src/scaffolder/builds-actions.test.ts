/**
 * cellport:builds:config:create and cellport:builds:start against the running portal's real build
 * loop (builds backend, git server, build agents with buildah, registry), run as alice the way the
 * scaffolder runs a step: the config is created with its webhook registered on the git server; a
 * build whose Dockerfile fails stops the step with the build's failed step and reason, its log lines
 * in the task log; a push of the fix starts a build through the registered webhook, and the action
 * reuses that build of the commit instead of starting another.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import type { AuthService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  createBuildsConfigAction,
  createBuildsStartAction,
} from '@cellport/plugin-scaffolder-backend-module-cellport';
import { ConfigReader } from '@backstage/config';
import { requirePortal, waitFor } from '../lib/portal';
import { signInTokens } from '../slb/portalSlb';
import {
  createRepository,
  git,
  gitBaseUrl,
  PortalClient,
} from '../builds/harness';
import { runStep } from './actionContext';
import { gitRepository, gitServerUrl } from './portalTemplates';

jest.setTimeout(600_000);

const suffix = crypto.randomBytes(3).toString('hex');
const GROUP = `ba${suffix}`;
const NAME = `ba-${suffix}`;

describe('Cellport build actions on the portal', () => {
  let alice: PortalClient;
  let deps: Parameters<typeof createBuildsStartAction>[0] & {
    config: ConfigReader;
  };
  const credentials = mockCredentials.user('user:default/alice');

  beforeAll(async () => {
    const url = await requirePortal();
    const tokens = await signInTokens(url, ['alice']);
    alice = new PortalClient(url, tokens.alice);
    // the actions call the portal's plugins with alice's own token, as the scaffolder would
    // with a token issued on her behalf
    const auth = {
      getPluginRequestToken: async () => ({ token: tokens.alice }),
      isPrincipal: (_c: unknown, type: string) => type === 'user',
    } as unknown as AuthService;
    deps = {
      auth,
      discovery: {
        getBaseUrl: async (id: string) => `${url}/api/${id}`,
        getExternalBaseUrl: async (id: string) => `${url}/api/${id}`,
      },
      config: new ConfigReader({
        cellport: { scaffolder: { localGit: { baseUrl: gitServerUrl() } } },
      }),
    };
    await alice.ok('POST', '/api/registry/groups', { name: GROUP });
    await alice.ok('POST', `/api/registry/groups/${GROUP}/repositories`, {
      name: 'web',
    });
  });

  it('fails with the build reason, then reuses the build the webhook started for the fix', async () => {
    // a repository whose Dockerfile copies a file that is not there
    const bare = await createRepository(
      NAME,
      'FROM library/base:1\nCOPY missing-file /app/missing-file\n',
    );
    const broken = (await git(bare, 'rev-parse', 'main')).stdout;

    const config = await runStep(
      createBuildsConfigAction(deps),
      {
        name: NAME,
        repositoryUrl: `${gitBaseUrl()}/${NAME}.git`,
        imageRepository: `${GROUP}/web`,
      },
      credentials,
    );
    expect(config.output).toMatchObject({
      config: NAME,
      webhookRegistered: true,
      created: true,
    });
    expect((await gitRepository(NAME))?.webhook?.url).toBe(
      config.output.webhookUrl,
    );

    const start = createBuildsStartAction(deps);
    let failure: Error | undefined;
    const log: string[] = [];
    try {
      await runStep(start, { config: NAME, commit: broken }, credentials, {
        log,
      });
    } catch (e) {
      failure = e as Error;
    }
    // the build's own log lines, streamed into the step's log before the failure
    expect(log[0]).toBe(`Started build #1 of ${NAME}`);
    expect(log.length).toBeGreaterThan(3);
    expect(log.join('\n')).toMatch(/missing-file/);
    expect(failure?.message).toMatch(
      new RegExp(`^Build ${NAME} #1 failed at its build step: `),
    );
    expect(failure?.message).toMatch(/missing-file/);

    // the fix, pushed: the post-receive hook's signed webhook starts build #2 of its commit
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-fix-'));
    await git(work, 'clone', '-q', `${gitBaseUrl()}/${NAME}.git`, '.');
    fs.writeFileSync(path.join(work, 'missing-file'), 'here now\n');
    await git(work, 'add', '-A');
    await git(work, 'commit', '-q', '-m', 'add the missing file');
    await git(work, 'push', '-q', 'origin', 'main');
    const fixed = (await git(work, 'rev-parse', 'HEAD')).stdout;
    fs.rmSync(work, { recursive: true, force: true });
    const byWebhook = await waitFor('the webhook build', async () => {
      const { items } = await alice.ok(
        'GET',
        `/api/builds/configs/${NAME}/builds`,
      );
      return items.find((b: any) => b.commit === fixed);
    });
    expect(byWebhook.trigger.type).toBe('webhook');

    const done = await runStep(
      start,
      { config: NAME, commit: fixed },
      credentials,
    );
    expect(done.log[0]).toMatch(
      new RegExp(
        `^Build #${byWebhook.number} of ${fixed.slice(0, 7)} is \\w+: reused$`,
      ),
    );
    expect(done.output).toMatchObject({
      number: byWebhook.number,
      tag: fixed.slice(0, 7),
      created: false,
    });
    expect(String(done.output.image)).toMatch(
      new RegExp(`/${GROUP}/web:${fixed.slice(0, 7)}$`),
    );
    expect(String(done.output.digest)).toMatch(/^sha256:[0-9a-f]{64}$/);
    const { items } = await alice.ok(
      'GET',
      `/api/builds/configs/${NAME}/builds`,
    );
    expect(items).toHaveLength(2);
  });
});

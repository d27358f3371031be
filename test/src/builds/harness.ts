/**
 * The build loop of a running portal (`npm test` starts one; scripts/builds-local.sh gives it a git
 * server, the base image and two build agents), driven as its users drive it: the registry and
 * builds APIs as the guest user, git pushes to the local git server, etcd read with etcdctl.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { guestToken, requirePortal, waitFor } from '../lib/portal';

export const execFileP = promisify(execFile);
// test code, never built into a package: the repository root is three folders up
// eslint-disable-next-line no-restricted-syntax
export const ROOT = path.resolve(__dirname, '../../..');

/** Where the portal instance keeps the build loop's state (git repositories, agents). */
export function buildsStateDir(): string {
  const state = process.env.CELLPORT_STATE_DIR;
  if (!state) {
    throw new Error(
      'CELLPORT_STATE_DIR is not set: run the suite with `npm test`, or export the variables of your instance',
    );
  }
  return path.join(state, 'builds');
}

export const gitBaseUrl = () =>
  `http://127.0.0.1:${process.env.CELLPORT_GIT_PORT ?? '8418'}/git`;

/** The portal's API as one signed-in user. */
export class PortalClient {
  static async guest(): Promise<PortalClient> {
    const url = await requirePortal();
    return new PortalClient(url, await guestToken(url));
  }

  constructor(readonly url: string, readonly token: string) {}

  async call(
    method: string,
    p: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await fetch(`${this.url}${p}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        'content-type': 'application/json',
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, body: json };
  }

  async ok(method: string, p: string, body?: unknown, expected = [200, 201]) {
    const res = await this.call(method, p, body);
    if (!expected.includes(res.status)) {
      throw new Error(
        `${method} ${p}: ${res.status} ${JSON.stringify(res.body)}`,
      );
    }
    return res.body;
  }

  /** Waits until the build reaches one of the states; returns it. */
  async waitForBuild(
    config: string,
    number: number,
    states: string[],
    timeoutMs = 240_000,
  ) {
    return waitFor(
      `build ${config} #${number} to be ${states.join(' or ')}`,
      async () => {
        const build = await this.ok(
          'GET',
          `/api/builds/configs/${config}/builds/${number}`,
        );
        if (states.includes(build.state)) return build;
        if (['succeeded', 'failed', 'cancelled'].includes(build.state)) {
          throw new Error(`build ended ${build.state}: ${build.reason ?? ''}`);
        }
        return undefined;
      },
      timeoutMs,
      500,
    );
  }
}

/** Runs git with the test's identity. */
export async function git(cwd: string, ...args: string[]) {
  const { stdout, stderr } = await execFileP(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@cellport.example', ...args],
    { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
  );
  return { stdout: stdout.trim(), stderr };
}

/**
 * A new repository on the local git server, copied from the example service (optionally with
 * another Dockerfile), with the server's post-receive hook; as a team would create a project.
 */
export async function createRepository(
  name: string,
  dockerfile?: string,
): Promise<string> {
  const repos = path.join(buildsStateDir(), 'git');
  const bare = path.join(repos, `${name}.git`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-repo-'));
  fs.cpSync(path.join(ROOT, 'catalog/repos/payments-api'), work, {
    recursive: true,
  });
  if (dockerfile) fs.writeFileSync(path.join(work, 'Dockerfile'), dockerfile);
  await git(work, 'init', '-q', '-b', 'main');
  await git(work, 'add', '-A');
  await git(work, 'commit', '-q', '-m', 'first version');
  await git(work, 'clone', '-q', '--bare', work, bare);
  fs.rmSync(work, { recursive: true, force: true });
  await git(bare, 'config', 'http.receivepack', 'true');
  await git(bare, 'config', 'uploadpack.allowReachableSHA1InWant', 'true');
  fs.copyFileSync(
    path.join(ROOT, 'scripts/builds/post-receive'),
    path.join(bare, 'hooks/post-receive'),
  );
  fs.chmodSync(path.join(bare, 'hooks/post-receive'), 0o755);
  return bare;
}

/** Points a repository's post-receive webhook at a build config (GitLab format). */
export async function configureWebhook(
  bare: string,
  url: string,
  secret: string,
) {
  await git(bare, 'config', 'cellport.webhook.url', url);
  await git(bare, 'config', 'cellport.webhook.token', secret);
}

/** An image group and a repository in it, private, owned by the client's user. */
export async function createImageRepository(
  client: PortalClient,
  group: string,
  name: string,
) {
  await client.ok('POST', '/api/registry/groups', { name: group });
  await client.ok('POST', `/api/registry/groups/${group}/repositories`, {
    name,
  });
}

/** The PID of a local build agent (scripts/builds-local.sh records them). */
export function agentPid(host: string): number {
  return Number(
    fs.readFileSync(path.join(buildsStateDir(), `${host}.pid`), 'utf8').trim(),
  );
}

/** Starts what of the build loop is not running (after a test killed an agent). */
export async function restartBuildLoop() {
  await execFileP(
    'bash',
    [path.join(ROOT, 'scripts/builds-local.sh'), 'start'],
    {
      cwd: ROOT,
      env: process.env,
    },
  );
}

/** `etcdctl watch --prefix` in the background; `stop()` returns what it printed. */
export function watchEtcd(prefix: string) {
  const endpoint =
    process.env.CELLPORT_ETCD_URL ??
    `http://127.0.0.1:${process.env.CELLPORT_ETCD_PORT ?? '23790'}`;
  const child = execFile(
    'etcdctl',
    ['--endpoints', endpoint, 'watch', '--prefix', prefix],
    {
      env: { ...process.env, ETCDCTL_API: '3' },
    },
  );
  let out = '';
  child.stdout?.on('data', d => {
    out += d;
  });
  return {
    output: () => out,
    stop: () => {
      child.kill();
      return out;
    },
  };
}

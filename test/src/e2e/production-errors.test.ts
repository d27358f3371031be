/*
 * What a browser gets from a REAL backend in production mode (issue 18 item 8, issue 10 item 11):
 * Backstage's root HTTP router and error handler with the portal's auth, catalog, scaffolder,
 * permission, registry and cells plugins (./fixtures/productionBackend.ts), run as a child process
 * with NODE_ENV=production on the base app-config.yaml plus a small override (a free loopback port,
 * in-memory SQLite, a static token for the test, a registry key file that does not exist). Error
 * bodies carry no stack trace and no absolute path of the machine, and the guest sign-in, a
 * development convenience, is refused.
 */
import { ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@cellport/test-utils';

jest.setTimeout(240_000);

// test code, never built into a package: the repository root is three folders up
// eslint-disable-next-line no-restricted-syntax
const ROOT = path.resolve(__dirname, '../../..');
/** Where absolute paths of this machine start: the checkout's top folder and the usual ones. */
const ABSOLUTE_ROOTS = [
  `/${ROOT.split('/')[1]}/`,
  '/home/',
  '/root/',
  '/usr/',
  '/var/',
  '/opt/',
];

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('error bodies of the backend in production mode', () => {
  let dir: string;
  let url: string;
  let child: ChildProcess | undefined;
  let log = '';
  const token = crypto.randomBytes(24).toString('hex');

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-prod-errors-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const override = path.join(dir, 'app-config.test.yaml');
    fs.writeFileSync(
      override,
      [
        'app:',
        `  baseUrl: ${url}`,
        'backend:',
        `  baseUrl: ${url}`,
        `  listen: { host: 127.0.0.1, port: ${port} }`,
        '  database:',
        '    client: better-sqlite3',
        "    connection: ':memory:'",
        '  auth:',
        '    externalAccess:',
        '      - type: static',
        `        options: { token: ${token}, subject: production-errors-test }`,
        'registry:',
        '  tokenKeyFile: no-such-dir/token.key',
        '',
      ].join('\n'),
    );
    child = spawn(
      process.execPath,
      [
        '--require',
        '@backstage/cli/config/nodeTransform.cjs',
        'src/e2e/fixtures/productionBackend.ts',
        '--config',
        path.join(ROOT, 'app-config.yaml'),
        '--config',
        override,
      ],
      {
        cwd: path.join(ROOT, 'test'),
        env: { ...process.env, NODE_ENV: 'production' },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.on('data', d => (log += d));
    child.stderr?.on('data', d => (log += d));
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`the backend exited (${child.exitCode}):\n${log.slice(-3000)}`);
      }
      try {
        const res = await fetch(`${url}/.backstage/health/v1/readiness`, {
          signal: AbortSignal.timeout(2000),
        });
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error(`the backend was not ready within 180 s:\n${log.slice(-3000)}`);
      }
      await sleep(500);
    }
  });

  afterAll(async () => {
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise(r => child!.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const call = async (
    method: string,
    p: string,
    options: { body?: string; auth?: boolean } = {},
  ) => {
    const res = await fetch(`${url}${p}`, {
      method,
      headers: {
        ...(options.auth === false ? {} : { authorization: `Bearer ${token}` }),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        'x-requested-with': 'XMLHttpRequest',
      },
      body: options.body,
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, text: await res.text() };
  };

  /** Nothing of the machine's insides: no stack, no absolute path, no module folder. */
  const expectClean = (what: string, text: string) => {
    const leaks = [
      /"stack"\s*:/.test(text) && 'a stack trace',
      /\n\s+at |\\n\s+at /.test(text) && 'stack frames',
      text.includes(ROOT) && `the path ${ROOT}`,
      text.includes(os.tmpdir()) && `the path ${os.tmpdir()}`,
      ...ABSOLUTE_ROOTS.filter(root => text.includes(root)).map(
        root => `a path under ${root}`,
      ),
      /node_modules/.test(text) && 'node_modules',
    ].filter(Boolean);
    expect({ what, leaks }).toEqual({ what, leaks: [] });
  };

  it.each([
    ['a malformed JSON body', 'POST', '/api/catalog/locations', '{"type": "url", '],
    ['a malformed JSON body (scaffolder)', 'POST', '/api/scaffolder/v2/tasks', '{nope'],
    ['an unknown entity', 'GET', '/api/catalog/entities/by-name/component/default/no-such-thing', undefined],
    ['an unknown app', 'GET', '/api/cells/apps/no-such-app', undefined],
    ['a malformed JSON body (cells)', 'POST', '/api/cells/apps', '{"name": '],
    ['a registry that is not configured (missing key file)', 'GET', '/api/registry/groups', undefined],
    ['a malformed JSON body (registry)', 'POST', '/api/registry/tokens', '{"name": '],
  ])('%s answers an error without stack or paths', async (what, method, p, body) => {
    const res = await call(method, p, { body });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.text).toMatch(/"error"/);
    expectClean(what, res.text);
  });

  it('answers unauthenticated requests without stack or paths', async () => {
    const res = await call('GET', '/api/catalog/entities', { auth: false });
    expect(res.status).toBe(401);
    expectClean('401', res.text);
  });

  it('refuses the guest sign-in outside development', async () => {
    const res = await call('GET', '/api/auth/guest/refresh', { auth: false });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.text).not.toMatch(/backstageIdentity/);
    expectClean('guest refresh', res.text);
  });
});

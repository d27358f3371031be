/*
 * The build locks of scripts/lib/buildlock.sh, which keep parallel `npm start` and `npm test` in one
 * working tree from building the folders every instance shares at once: scripts/build-app.sh (run by
 * scripts/start.sh and scripts/build-backend.sh) takes the frontend's lock itself, before it looks at
 * packages/app/dist; a caller that holds a lock already is not made to wait for itself; the production
 * backend build holds the frontend's lock shared, so it keeps frontend builds out without waiting for
 * other backend builds on it. Each test uses lock files of its own, never the real ones.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually } from '@cellport/test-utils';

// eslint-disable-next-line no-restricted-syntax -- test sources run from the repository, never bundled
const ROOT = path.resolve(__dirname, '../../..');
const LIB = path.join(ROOT, 'scripts/lib/buildlock.sh');

jest.setTimeout(120_000);

/** A process of the test's, with what it printed so far. */
interface Proc {
  child: ChildProcess;
  out: () => string;
  exited: () => boolean;
}

const started: Proc[] = [];

/** Runs a bash script in a process group of its own (so the test can stop it and its children). */
function bash(script: string, env: Record<string, string> = {}): Proc {
  const child = spawn('bash', ['-c', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let done = false;
  child.stdout!.on('data', d => (out += d));
  child.stderr!.on('data', d => (out += d));
  child.on('exit', () => (done = true));
  const proc = { child, out: () => out, exited: () => done };
  started.push(proc);
  return proc;
}

/** Holds `file`'s lock (`flock`, exclusive or shared) until its stdin closes. */
async function holder(file: string, shared = false): Promise<Proc> {
  const p = bash(
    `flock ${shared ? '-s' : '-x'} ${file} bash -c 'echo held; cat >/dev/null'`,
  );
  await eventually(
    `the lock on ${file} held`,
    () => p.out().includes('held'),
    60_000,
  );
  return p;
}

/** A bash script that takes `file`'s lock with build_lock, then prints `locked` and waits for stdin. */
function locker(file: string, mode = ''): Proc {
  return bash(
    `. ${LIB}; build_lock ${file} ${mode}; echo locked; cat >/dev/null`,
  );
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-buildlock-'));
});
afterEach(() => {
  for (const p of started.splice(0)) {
    if (!p.exited()) {
      try {
        process.kill(-p.child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('build locks', () => {
  it('scripts/build-app.sh waits for the frontend build another instance runs before it reads the bundle', async () => {
    const lock = path.join(dir, 'app-build.lock');
    const other = await holder(lock);
    const build = bash(`bash scripts/build-app.sh`, {
      CELLPORT_APP_BUILD_LOCK: lock,
    });
    await eventually(
      'build-app.sh waiting',
      () => build.out().includes('waiting for another build'),
      60_000,
    );
    // still waiting: it has neither found the bundle up to date nor started a build
    expect(build.exited()).toBe(false);
    expect(build.out()).not.toMatch(/up to date|building the frontend/);
    // stopped before the lock is given back, so this test never builds the frontend
    process.kill(-build.child.pid!, 'SIGKILL');
    other.child.stdin!.end();
  });

  it('a second build waits until the first gives the lock back', async () => {
    const lock = path.join(dir, 'backend-build.lock');
    const first = locker(lock);
    await eventually(
      'the first build locked',
      () => first.out().includes('locked'),
      60_000,
    );
    const second = locker(lock);
    await eventually(
      'the second build waiting',
      () => second.out().includes('waiting'),
      60_000,
    );
    expect(second.out()).not.toContain('locked');
    first.child.stdin!.end();
    await eventually(
      'the second build locked',
      () => second.out().includes('locked'),
      60_000,
    );
  });

  it('a caller that holds the lock already is not made to wait for itself', async () => {
    const lock = path.join(dir, 'app-build.lock');
    const nested = bash(
      `flock ${lock} bash -c '. ${LIB}; build_lock ${lock}; echo locked'`,
    );
    await eventually(
      'the nested build locked',
      () => nested.out().includes('locked'),
      60_000,
    );
    expect(nested.out()).not.toContain('waiting');
  });

  it('a build under a caller that holds the lock shared waits for the other readers, then goes on', async () => {
    const lock = path.join(dir, 'app-build.lock');
    const reader = await holder(lock, true);
    const build = bash(
      `flock -s ${lock} bash -c '. ${LIB}; build_lock ${lock}; echo locked; cat >/dev/null'`,
    );
    await eventually(
      'the build waiting for the reader',
      () => build.out().includes('waiting'),
      60_000,
    );
    expect(build.out()).not.toContain('locked');
    reader.child.stdin!.end();
    await eventually(
      'the build locked',
      () => build.out().includes('locked'),
      60_000,
    );
    // and now it keeps readers out
    const late = locker(lock, 'shared');
    await eventually(
      'a new reader waiting',
      () => late.out().includes('waiting'),
      60_000,
    );
    expect(late.out()).not.toContain('locked');
  });

  it('backend builds hold the frontend lock shared: side by side, and a frontend build waits for them', async () => {
    const lock = path.join(dir, 'app-build.lock');
    const a = locker(lock, 'shared');
    const b = locker(lock, 'shared');
    await eventually(
      'both backend builds hold it',
      () => a.out().includes('locked') && b.out().includes('locked'),
      60_000,
    );
    const frontend = locker(lock);
    await eventually(
      'the frontend build waiting',
      () => frontend.out().includes('waiting'),
      60_000,
    );
    expect(frontend.out()).not.toContain('locked');
    a.child.stdin!.end();
    b.child.stdin!.end();
    await eventually(
      'the frontend build locked',
      () => frontend.out().includes('locked'),
      60_000,
    );
  });
});

/**
 * A PostgreSQL server of one test (initdb into a temporary folder, its own free port on
 * 127.0.0.1), so that a suite can restart it mid-release without touching the PostgreSQL others
 * use. Run as the `postgres` OS user when the tests run as root (PostgreSQL refuses root).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import knexFactory from 'knex';
import { freePort } from './replicas';

const execFileP = promisify(execFile);

/** Whether PostgreSQL's server programs are installed (initdb, pg_ctl). */
export function postgresInstalled(): boolean {
  try {
    postgresBin();
    return true;
  } catch {
    return false;
  }
}

/** The bin folder of the newest installed PostgreSQL (Debian layout), or of `initdb` on PATH. */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs.readdirSync(root).filter(v => fs.existsSync(path.join(root, v, 'bin/initdb')));
    versions.sort((a, b) => Number(b) - Number(a));
    if (versions.length) return path.join(root, versions[0], 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (fs.existsSync(path.join(dir, 'initdb'))) return dir;
  }
  throw new Error('PostgreSQL is not installed (no initdb): scripts/infra/install-packages.sh installs it');
}

/** A running private PostgreSQL server. */
export interface PrivatePostgres {
  /** Connection string of the `postgres` database as role `postgres` (no password: trust on loopback). */
  url: string;
  /**
   * Restarts the server the way a crash and a supervisor would: an immediate stop (every
   * connection cut, no checkpoint), `downMs` without a server, then a start (crash recovery).
   */
  restart(downMs: number): Promise<void>;
  /**
   * Ends every other client connection (pg_terminate_backend), the way a failover or an
   * administrator does, without stopping the server; the number ended.
   */
  terminateConnections(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts a private PostgreSQL server. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileP('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { cwd: '/' })
      : execFileP(path.join(bin, cmd), args);
  if (asRoot) fs.chownSync(dir, ...postgresIds());
  await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync']);
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=off -c max_connections=200`;
  const log = path.join(dir, 'postgres.log');
  const start = () => run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', options, 'start']);
  const stopNow = () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
  await start();
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    async terminateConnections() {
      const knex = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
      try {
        const { rows } = await knex.raw(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
            WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        );
        return rows[0].n;
      } finally {
        await knex.destroy();
      }
    },
    async restart(downMs: number) {
      await stopNow();
      await new Promise(r => setTimeout(r, downMs));
      await start();
    },
    async stop() {
      await stopNow();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** uid and gid of the `postgres` OS user. */
function postgresIds(): [number, number] {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find(l => l.startsWith('postgres:'));
  if (!line) throw new Error('no postgres OS user to run PostgreSQL as (tests run as root)');
  const [, , uid, gid] = line.split(':');
  return [Number(uid), Number(gid)];
}

/**
 * The Nginx of one host: its main configuration, `nginx -t`, start (or adoption of a master left
 * running by a previous agent), reload and stop.
 */
import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { SlbAgentOptions } from './options';

/** The package's own folder, holding lua/ and templates/ (from src/ and from a build alike). */
const PACKAGE_DIR = path.dirname(require.resolve('@cellport/slb-agent/package.json'));

/** Result of an `nginx -t`. */
export interface NginxTestResult {
  ok: boolean;
  /** nginx's own output, with the state folder shortened to `<state>`. */
  output: string;
}

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** The PIDs of `master`'s worker processes that still accept connections (Linux /proc). */
function acceptingWorkers(master: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // the command name may hold spaces and parentheses: the parent PID follows the last ')'
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== master) continue;
      const title = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      // a worker told to quit retitles itself "worker process is shutting down" as it closes its
      // listening sockets
      if (title.includes('worker process') && !title.includes('shutting down')) {
        pids.push(Number(entry));
      }
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

/**
 * One host's Nginx master, run in the foreground as a child of the agent (like ingress-nginx's
 * controller). A master left running by an agent that died is adopted, so Nginx serves on while
 * its agent restarts.
 */
export class NginxHost {
  readonly stateDir: string;
  readonly liveDir: string;
  readonly stagingDir: string;
  private readonly binary: string;
  private pid?: number;

  constructor(private readonly options: SlbAgentOptions) {
    this.stateDir = path.resolve(options.stateDir);
    this.liveDir = path.join(this.stateDir, 'conf');
    this.stagingDir = path.join(this.stateDir, 'staging');
    this.binary = options.nginxBinary ?? 'nginx';
  }

  /** The main configuration including the files of `confDir`. */
  renderMain(confDir: string): string {
    const template = fs.readFileSync(
      path.join(PACKAGE_DIR, 'templates', 'nginx.conf'),
      'utf8',
    );
    const values: Record<string, string> = {
      HOST: this.options.host,
      GROUP: this.options.group,
      CONF_DIR: confDir,
      STATE_DIR: this.stateDir,
      LUA_DIR: path.join(PACKAGE_DIR, 'lua'),
      WORKERS: String(this.options.workers ?? 2),
      ADDRESS: this.options.address,
      HTTP_PORT: String(this.options.httpPort),
      ADMIN_ADDRESS: this.options.adminAddress ?? this.options.address,
      ADMIN_PORT: String(this.options.adminPort),
    };
    return template.replace(/\{\{([A-Z_]+)\}\}/g, (_, key: string) => {
      if (!(key in values)) throw new Error(`nginx template: no value for ${key}`);
      return values[key];
    });
  }

  /** Creates the folders and the main configurations (live and test). */
  prepare(): void {
    for (const dir of [
      this.liveDir,
      path.join(this.liveDir, 'domains'),
      this.stagingDir,
      path.join(this.stateDir, 'tmp'),
    ]) {
      fs.mkdirSync(dir, { recursive: true });
    }
    for (const file of ['upstreams.conf', 'generation.conf']) {
      const f = path.join(this.liveDir, file);
      if (!fs.existsSync(f)) fs.writeFileSync(f, '');
    }
    fs.writeFileSync(this.mainFile, this.renderMain(this.liveDir));
    fs.writeFileSync(this.testMainFile, this.renderMain(this.stagingDir));
  }

  get mainFile(): string {
    return path.join(this.stateDir, 'nginx.conf');
  }

  get testMainFile(): string {
    return path.join(this.stateDir, 'nginx-test.conf');
  }

  private args(main: string): string[] {
    return [
      '-p',
      `${this.stateDir}/`,
      '-c',
      main,
      '-e',
      path.join(this.stateDir, 'error.log'),
    ];
  }

  /** `nginx -t` of a main configuration (default: the staging one). */
  test(main = this.testMainFile): Promise<NginxTestResult> {
    return new Promise(resolve => {
      execFile(
        this.binary,
        [...this.args(main), '-t', '-q'],
        { timeout: 30_000 },
        (error, stdout, stderr) => {
          const output = `${stdout}${stderr}`
            .split(this.stateDir)
            .join('<state>')
            .trim();
          resolve({ ok: !error, output: output || String(error?.message ?? '') });
        },
      );
    });
  }

  /** The PID of a live master recorded in nginx.pid, if any. */
  private recordedMaster(): number | undefined {
    try {
      const pid = Number(
        fs.readFileSync(path.join(this.stateDir, 'nginx.pid'), 'utf8').trim(),
      );
      if (!pid || !isAlive(pid)) return undefined;
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmd.includes('nginx') && cmd.includes(this.stateDir)
        ? pid
        : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Starts Nginx, or adopts the master a previous agent left running (then reloads it so it
   * runs the current files). Resolves once the admin endpoint answers.
   */
  async start(): Promise<'started' | 'adopted'> {
    const adopted = this.recordedMaster();
    if (adopted) {
      this.pid = adopted;
      this.reload();
      await this.waitHealthy();
      return 'adopted';
    }
    const test = await this.test(this.mainFile);
    if (!test.ok) {
      throw new Error(`nginx: the configuration does not pass nginx -t: ${test.output}`);
    }
    const log = fs.openSync(path.join(this.stateDir, 'nginx.out'), 'a');
    const child = spawn(
      this.binary,
      [...this.args(this.mainFile), '-g', 'daemon off;'],
      { stdio: ['ignore', log, log], detached: true },
    );
    fs.closeSync(log);
    child.unref();
    this.pid = child.pid;
    await this.waitHealthy();
    return 'started';
  }

  /** Polls the admin endpoint's /health. */
  async waitHealthy(timeoutMs = 20_000): Promise<void> {
    const url = `${this.adminUrl}/health`;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return;
      } catch {
        // not yet
      }
      if (this.pid && !isAlive(this.pid)) {
        throw new Error(
          `nginx exited during start-up; see ${path.join(this.stateDir, 'error.log')}`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(`nginx: ${url} did not answer within ${timeoutMs} ms`);
      }
      await sleep(50);
    }
  }

  get adminUrl(): string {
    return `http://${this.options.adminAddress ?? this.options.address}:${this.options.adminPort}`;
  }

  /**
   * Graceful reload (SIGHUP to the master): new workers take the new files. Returns the workers
   * that accepted connections before, for {@link NginxHost.waitGeneration}.
   */
  reload(): number[] {
    if (!this.pid || !isAlive(this.pid)) {
      throw new Error('nginx is not running');
    }
    const before = acceptingWorkers(this.pid);
    process.kill(this.pid, 'SIGHUP');
    return before;
  }

  /** The generation the workers accepting new connections run (a fresh connection each time). */
  generation(): Promise<string | undefined> {
    return new Promise(resolve => {
      const req = http.get(
        `${this.adminUrl}/cellport/generation`,
        { agent: false, headers: { connection: 'close' }, timeout: 2000 },
        res => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', chunk => (body += chunk));
          res.on('end', () => resolve(res.statusCode === 200 ? body.trim() : undefined));
        },
      );
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(undefined));
    });
  }

  /**
   * Waits until the reloaded workers serve `generation` and none of the `oldWorkers` (from
   * {@link NginxHost.reload}) accepts connections any more: until then a new connection may still
   * be served by the previous configuration.
   */
  async waitGeneration(generation: string, oldWorkers: number[] = [], timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const old = new Set(oldWorkers);
    for (;;) {
      const served = (await this.generation()) === generation;
      const retired = !this.pid || acceptingWorkers(this.pid).every(pid => !old.has(pid));
      if (served && retired) return;
      if (Date.now() > deadline) {
        throw new Error(`nginx did not take the new configuration within ${timeoutMs} ms (see error.log)`);
      }
      await sleep(10);
    }
  }

  /** Graceful stop (SIGQUIT), SIGKILL after the timeout. */
  async stop(timeoutMs = 10_000): Promise<void> {
    const pid = this.pid ?? this.recordedMaster();
    if (!pid || !isAlive(pid)) return;
    process.kill(pid, 'SIGQUIT');
    const deadline = Date.now() + timeoutMs;
    while (isAlive(pid) && Date.now() < deadline) await sleep(50);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    this.pid = undefined;
  }
}

/*
 * scripts/infra.sh end to end: starts the real servers on free loopback ports with a temporary state
 * folder (so it never touches a running portal), checks that each one works, restarts, stops.
 * When CI is set a missing component is a failure, never a skip.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { cellScrapeConfigs, renderScrapeConfigs } from '@cellport/cell-sim';
import { freePort, hasCommand } from '@cellport/test-utils';

const execFileP = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(ROOT, 'scripts/infra.sh');
const COMPONENTS = [
  'etcd',
  'registry',
  'nginx',
  'alertmanager',
  'prometheus',
] as const;
type Component = (typeof COMPONENTS)[number];
const BINARIES: Record<Component, string> = {
  etcd: 'etcd',
  registry: 'docker-registry',
  nginx: 'nginx',
  alertmanager: 'prometheus-alertmanager',
  prometheus: 'prometheus',
};

jest.setTimeout(240_000);

const missing = COMPONENTS.filter(c => !hasCommand(BINARIES[c]));
// without CI a machine lacking the packages skips; on CI the script must install them or the test fails
const describeInfra =
  missing.length && !process.env.CI ? describe.skip : describe;
if (missing.length && !process.env.CI) {
  // eslint-disable-next-line no-console
  console.warn(
    `infra test skipped: missing ${missing.join(
      ', ',
    )} (run scripts/infra.sh start as root)`,
  );
}

function pidAlive(pid: number): boolean {
  try {
    // zombies count as dead (PID 1 does not always reap here)
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) [ZX] /.test(stat);
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function poll<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await sleep(500);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

describeInfra('scripts/infra.sh', () => {
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  let ports: Record<string, number>;
  const pids: Partial<Record<Component, number>> = {};

  async function infra(...args: string[]) {
    try {
      return await execFileP('bash', [SCRIPT, ...args], {
        env,
        timeout: 180_000,
      });
    } catch (e: any) {
      throw new Error(
        `infra.sh ${args.join(' ')} failed (${e.code}):\n${e.stdout}\n${
          e.stderr
        }`,
      );
    }
  }
  const url = (port: number, p = '') => `http://127.0.0.1:${port}${p}`;
  const pidFile = (c: string) => path.join(stateDir, 'infra', c, `${c}.pid`);

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-infra-test-'));
    ports = {};
    for (const k of [
      'etcd',
      'etcdPeer',
      'registry',
      'nginx',
      'nginxAdmin',
      'prometheus',
      'alertmanager',
      'backend',
    ]) {
      ports[k] = await freePort();
    }
    env = {
      ...process.env,
      CELLPORT_STATE_DIR: stateDir,
      CELLPORT_ETCD_PORT: String(ports.etcd),
      CELLPORT_ETCD_PEER_PORT: String(ports.etcdPeer),
      CELLPORT_REGISTRY_PORT: String(ports.registry),
      CELLPORT_NGINX_PORT: String(ports.nginx),
      CELLPORT_NGINX_ADMIN_PORT: String(ports.nginxAdmin),
      CELLPORT_PROMETHEUS_PORT: String(ports.prometheus),
      CELLPORT_ALERTMANAGER_PORT: String(ports.alertmanager),
      // nothing listens there: the registry must still serve while its webhook endpoint is down
      CELLPORT_BACKEND_URL: url(ports.backend),
      CELLPORT_INFRA_TIMEOUT: '90',
    };
  });

  afterAll(async () => {
    if (!stateDir) return;
    await execFileP('bash', [SCRIPT, 'stop', ...COMPONENTS], { env }).catch(
      () => undefined,
    );
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('starts every default component and records live PIDs', async () => {
    await infra('start');
    for (const c of COMPONENTS) {
      expect(hasCommand(BINARIES[c])).toBe(true);
      const pid = Number(fs.readFileSync(pidFile(c), 'utf8').trim());
      expect(pidAlive(pid)).toBe(true);
      pids[c] = pid;
    }
    // postgres is started only when asked
    expect(fs.existsSync(pidFile('postgres'))).toBe(false);
  });

  it('etcd stores and returns a key over the gRPC gateway', async () => {
    const put = await fetch(url(ports.etcd, '/v3/kv/put'), {
      method: 'POST',
      body: JSON.stringify({ key: b64('/cellport/test'), value: b64('hello') }),
    });
    expect(put.status).toBe(200);
    const range = await fetch(url(ports.etcd, '/v3/kv/range'), {
      method: 'POST',
      body: JSON.stringify({ key: b64('/cellport/test') }),
    });
    const body = await range.json();
    expect(Buffer.from(body.kvs[0].value, 'base64').toString()).toBe('hello');
  });

  it('the registry asks for a bearer token from the backend realm', async () => {
    const res = await fetch(url(ports.registry, '/v2/'));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer realm="${url(
        ports.backend,
        '/api/registry/token',
      )}",service="cellport-registry"`,
    );
    const dir = path.join(stateDir, 'infra', 'registry');
    expect(
      fs.readFileSync(path.join(dir, 'certs/token.crt'), 'utf8'),
    ).toContain('BEGIN CERTIFICATE');
    expect(
      fs.readFileSync(path.join(dir, 'certs/token.key'), 'utf8'),
    ).toContain('PRIVATE KEY');
    const secret = fs
      .readFileSync(path.join(dir, 'webhook.secret'), 'utf8')
      .trim();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const config = fs.readFileSync(path.join(dir, 'config.yml'), 'utf8');
    expect(config).toContain(
      `url: ${url(ports.backend, '/api/registry/webhooks/registry')}`,
    );
    expect(config).toContain(`Authorization: [Bearer ${secret}]`);
  });

  it('nginx answers 404 JSON for unknown domains and 200 on the admin health', async () => {
    const res = await fetch(url(ports.nginx, '/anything'));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({ error: 'no such domain' });
    const health = await fetch(url(ports.nginxAdmin, '/health'));
    expect(health.status).toBe(200);
    expect(fs.existsSync(path.join(stateDir, 'infra/nginx/conf.d'))).toBe(true);
  });

  it('prometheus is ready and scrapes itself', async () => {
    expect((await fetch(url(ports.prometheus, '/-/ready'))).status).toBe(200);
    const q = encodeURIComponent('up{job="prometheus"}');
    const value = await poll('up{job="prometheus"}', async () => {
      const body = await (
        await fetch(url(ports.prometheus, `/api/v1/query?query=${q}`))
      ).json();
      return body.data.result[0]?.value[1];
    });
    expect(value).toBe('1');
  });

  it('alertmanager is ready, routes to the portal webhook with its secret, and Prometheus sends to it', async () => {
    expect((await fetch(url(ports.alertmanager, '/-/ready'))).status).toBe(200);
    const status = (await (
      await fetch(url(ports.alertmanager, '/api/v2/status'))
    ).json()) as any;
    expect(status.config.original).toContain(
      `url: ${url(ports.backend)}/api/observability/alertmanager/webhook`,
    );
    const secretFile = path.join(stateDir, 'infra/alertmanager/webhook.secret');
    expect(status.config.original).toContain(`credentials_file: ${secretFile}`);
    expect(fs.readFileSync(secretFile, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    const active = await poll('Prometheus discovers Alertmanager', async () => {
      const body = (await (
        await fetch(url(ports.prometheus, '/api/v1/alertmanagers'))
      ).json()) as any;
      return body.data.activeAlertmanagers.length
        ? body.data.activeAlertmanagers
        : undefined;
    });
    expect(active).toEqual([
      { url: `http://127.0.0.1:${ports.alertmanager}/api/v2/alerts` },
    ]);
  });

  it('prometheus-cells loads the cell jobs into the running Prometheus; an invalid file changes nothing', async () => {
    // a stand-in http_sd endpoint announcing Prometheus itself as the http port of an app pod
    const sd = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify([
          {
            targets: [`127.0.0.1:${ports.prometheus}`],
            labels: {
              __meta_kubernetes_namespace: 'shop',
              __meta_kubernetes_pod_name: 'shop-v1-x',
              __meta_kubernetes_pod_ip: '127.0.0.1',
              __meta_kubernetes_pod_phase: 'Running',
              __meta_kubernetes_pod_node_name: 'n1',
              __meta_kubernetes_pod_label_cellport_io_app: 'shop',
              __meta_kubernetes_pod_labelpresent_cellport_io_app: 'true',
              __meta_kubernetes_pod_label_cellport_io_version: 'v1',
              __meta_kubernetes_pod_container_name: 'web',
              __meta_kubernetes_pod_container_port_name: 'http',
              __meta_kubernetes_pod_container_port_number: String(
                ports.prometheus,
              ),
            },
          },
        ]),
      );
    });
    await new Promise<void>(r => sd.listen(0, '127.0.0.1', () => r()));
    const sdUrl = `http://127.0.0.1:${
      (sd.address() as net.AddressInfo).port
    }/sd`;
    try {
      const jobs = path.join(stateDir, 'cell-jobs.yml');
      fs.writeFileSync(
        jobs,
        renderScrapeConfigs(
          cellScrapeConfigs(
            [{ name: 't1', region: 'r', server: 'http://x', httpSdUrl: sdUrl }],
            { discovery: 'http' },
          ),
        ),
      );
      const { stderr } = await infra('prometheus-cells', jobs);
      expect(stderr).toContain('cell jobs 1 loaded');
      const labels = await poll('the cell-t1 target', async () => {
        const body = await (
          await fetch(url(ports.prometheus, '/api/v1/targets'))
        ).json();
        const t = body.data.activeTargets.find(
          (x: any) => x.scrapePool === 'cell-t1' && x.health === 'up',
        );
        return t?.labels;
      });
      expect(labels).toEqual({
        job: 'cell-t1',
        instance: `127.0.0.1:${ports.prometheus}`,
        cell: 't1',
        region: 'r',
        namespace: 'shop',
        pod: 'shop-v1-x',
        container: 'web',
        node: 'n1',
        app: 'shop',
        version: 'v1',
      });
      const config = path.join(stateDir, 'infra/prometheus/prometheus.yml');
      const before = fs.readFileSync(config, 'utf8');
      fs.writeFileSync(jobs, '- job_name: broken\n  no_such_field: 1\n');
      await expect(infra('prometheus-cells', jobs)).rejects.toThrow(
        /do not make a valid configuration/,
      );
      expect(fs.readFileSync(config, 'utf8')).toBe(before);
    } finally {
      sd.closeAllConnections();
      await new Promise(r => sd.close(r));
    }
  });

  it('status, env and env.sh describe the running components', async () => {
    const { stdout: status } = await infra('status');
    for (const c of COMPONENTS) {
      expect(status).toMatch(
        new RegExp(`^${c}\\s+running\\s+pid=${pids[c]}\\b`, 'm'),
      );
    }
    expect(status).toMatch(/^postgres\s+/m);
    const { stdout } = await execFileP(
      'bash',
      [
        '-c',
        `eval "$(bash '${SCRIPT}' env)"; echo "$CELLPORT_ETCD_URL $CELLPORT_PROMETHEUS_URL $CELLPORT_REGISTRY_TOKEN_KEY"`,
      ],
      { env },
    );
    expect(stdout.trim()).toBe(
      `${url(ports.etcd)} ${url(
        ports.prometheus,
      )} ${stateDir}/infra/registry/certs/token.key`,
    );
    const envFile = fs.readFileSync(
      path.join(stateDir, 'infra/env.sh'),
      'utf8',
    );
    expect(envFile).toContain(
      `export CELLPORT_NGINX_ADMIN_URL='${url(ports.nginxAdmin)}'`,
    );
  });

  it('start is a no-op while everything runs', async () => {
    await infra('start');
    for (const c of COMPONENTS) {
      expect(Number(fs.readFileSync(pidFile(c), 'utf8'))).toBe(pids[c]);
    }
  });

  it('stop kills exactly the recorded PIDs and removes the pid files', async () => {
    await infra('stop');
    for (const c of COMPONENTS) {
      expect(pidAlive(pids[c]!)).toBe(false);
      expect(fs.existsSync(pidFile(c))).toBe(false);
    }
    const { stdout } = await infra('status', ...COMPONENTS);
    expect(stdout).not.toMatch(/running/);
  });

  it('keeps data and keys across restarts', async () => {
    const crt = fs.readFileSync(
      path.join(stateDir, 'infra/registry/certs/token.crt'),
      'utf8',
    );
    await infra('start', 'etcd', 'registry');
    const range = await fetch(url(ports.etcd, '/v3/kv/range'), {
      method: 'POST',
      body: JSON.stringify({ key: b64('/cellport/test') }),
    });
    expect(
      Buffer.from((await range.json()).kvs[0].value, 'base64').toString(),
    ).toBe('hello');
    expect(
      fs.readFileSync(
        path.join(stateDir, 'infra/registry/certs/token.crt'),
        'utf8',
      ),
    ).toBe(crt);
    await infra('stop', 'etcd', 'registry');
  });
});

// PostgreSQL is shared with the integration tests, which may run at the same time: this test starts it
// when it is down but never stops it (stop only touches a server started by the same state folder).
const describePg =
  !hasCommand('pg_ctlcluster') && !hasCommand('initdb') && !process.env.CI
    ? describe.skip
    : describe;

describePg('scripts/infra.sh postgres', () => {
  it('starts (or reuses) PostgreSQL on loopback with a password login', async () => {
    const stateDir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'cellport-infra-pg-'),
    );
    const env = { ...process.env, CELLPORT_STATE_DIR: stateDir };
    try {
      const { stdout } = await execFileP(
        'bash',
        [SCRIPT, 'start', 'postgres'],
        { env, timeout: 120_000 },
      );
      const conn = stdout.trim().split('\n').pop()!;
      expect(conn).toMatch(
        /^postgresql:\/\/postgres:postgres@127\.0\.0\.1:\d+\/postgres$/,
      );
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Client } = require('pg');
      const client = new Client({ connectionString: conn });
      await client.connect();
      try {
        expect((await client.query('select 1 as one')).rows[0].one).toBe(1);
      } finally {
        await client.end();
      }
      const { stdout: envOut } = await execFileP(
        'bash',
        [SCRIPT, 'env', 'postgres'],
        { env },
      );
      expect(envOut).toContain(`export CELLPORT_POSTGRES_URL='${conn}'`);
      expect(envOut).toContain(`export POSTGRES_HOST='127.0.0.1'`);
    } finally {
      fs.rmSync(stateDir, { recursive: true, force: true });
    }
  });
});

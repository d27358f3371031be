/**
 * A private Alertmanager (Debian's `prometheus-alertmanager`) for tests: free loopback port,
 * temporary storage, clustering off, one route sending every alert (and its resolution) to a
 * webhook with a bearer secret read from a file, exactly what the infrastructure scripts configure.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A running private Alertmanager. */
export interface TestAlertmanager {
  url: string;
  /** Alerts Alertmanager holds (`GET /api/v2/alerts`). */
  alerts(): Promise<Array<{ labels: Record<string, string>; status: { state: string } }>>;
  logs(): string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Alertmanager's configuration: one webhook receiver authenticated with a secret file. */
export function alertmanagerConfig(webhookUrl: string, secretFile: string): string {
  return `route:
  receiver: cellport
  group_by: ['alertname', 'cellport_app', 'cellport_rule']
  group_wait: 1s
  group_interval: 5s
  repeat_interval: 4h
receivers:
  - name: cellport
    webhook_configs:
      - url: ${JSON.stringify(webhookUrl)}
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials_file: ${JSON.stringify(secretFile)}
`;
}

/** Starts Alertmanager on `port` (pick it with a free-port helper) routing to `webhookUrl`. */
export async function startAlertmanager(options: {
  port: number;
  webhookUrl: string;
  secret: string;
}): Promise<TestAlertmanager> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-alertmanager-'));
  const secretFile = path.join(dir, 'webhook.secret');
  fs.writeFileSync(secretFile, options.secret, { mode: 0o600 });
  const configFile = path.join(dir, 'alertmanager.yml');
  fs.writeFileSync(configFile, alertmanagerConfig(options.webhookUrl, secretFile));
  const logFile = path.join(dir, 'alertmanager.log');
  const log = fs.openSync(logFile, 'a');
  const url = `http://127.0.0.1:${options.port}`;
  let child: ChildProcess;
  try {
    child = spawn(
      'prometheus-alertmanager',
      [
        `--config.file=${configFile}`,
        `--storage.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${options.port}`,
        '--cluster.listen-address=',
      ],
      { cwd: dir, stdio: ['ignore', log, log] },
    );
  } finally {
    fs.closeSync(log);
  }
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    if (!exited()) {
      const done = new Promise(r => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([done, sleep(10_000)]);
      if (!exited()) child.kill('SIGKILL');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited() || Date.now() > deadline) {
      const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
      await stop();
      throw new Error(`alertmanager did not become ready:\n${text.slice(-3000)}`);
    }
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  return {
    url,
    async alerts() {
      return (await (await fetch(`${url}/api/v2/alerts`)).json()) as any;
    },
    logs: () => fs.readFileSync(logFile, 'utf8'),
    stop,
  };
}

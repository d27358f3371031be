import { Etcd3, Watcher } from 'etcd3';
import {
  AgentRegistration,
  AgentReport,
  BuildTask,
  buildsEtcdKeys,
} from '@cellport/plugin-builds-common';

/**
 * A report read from etcd, with where it came from.
 *
 * @public
 */
export type ReceivedReport = {
  key: string;
  buildId: string;
  attempt: number;
  seq: number;
  report: AgentReport;
};

/**
 * The backend's side of the etcd protocol with the build agents (see `buildsEtcdKeys`): live
 * agents, task keys, push tokens and the agents' reports.
 *
 * @public
 */
export interface AgentDirectory {
  liveAgents(): Promise<AgentRegistration[]>;
  putTask(host: string, task: BuildTask): Promise<void>;
  deleteTask(host: string, buildId: string): Promise<void>;
  taskExists(host: string, buildId: string): Promise<boolean>;
  putPushToken(
    buildId: string,
    attempt: number,
    token: string,
    ttlSeconds: number,
  ): Promise<void>;
  /** The oldest reports, in key order (per build and attempt: the agent's order). */
  readReports(limit: number): Promise<ReceivedReport[]>;
  deleteReports(keys: string[]): Promise<void>;
  /** Calls `onChange` whenever an agent or a report key changes. */
  watch(onChange: () => void): Promise<void>;
  close(): Promise<void>;
}

/**
 * {@link AgentDirectory} on etcd 3 (the `etcd3` client).
 *
 * @public
 */
export class EtcdAgentDirectory implements AgentDirectory {
  static create(options: { endpoints: string[]; prefix?: string }) {
    return new EtcdAgentDirectory(
      new Etcd3({ hosts: options.endpoints, dialTimeout: 3000 }),
      buildsEtcdKeys(options.prefix),
    );
  }

  private watchers: Watcher[] = [];

  private constructor(
    private readonly client: Etcd3,
    private readonly keys: ReturnType<typeof buildsEtcdKeys>,
  ) {}

  async liveAgents(): Promise<AgentRegistration[]> {
    const values = await this.client
      .getAll()
      .prefix(this.keys.agents)
      .strings();
    return Object.values(values).flatMap(v => {
      try {
        return [JSON.parse(v) as AgentRegistration];
      } catch {
        return [];
      }
    });
  }

  async putTask(host: string, task: BuildTask): Promise<void> {
    await this.client
      .put(this.keys.task(host, task.buildId))
      .value(JSON.stringify(task));
  }

  async deleteTask(host: string, buildId: string): Promise<void> {
    await this.client.delete().key(this.keys.task(host, buildId));
  }

  async taskExists(host: string, buildId: string): Promise<boolean> {
    return (
      (await this.client.get(this.keys.task(host, buildId)).string()) !== null
    );
  }

  async putPushToken(
    buildId: string,
    attempt: number,
    token: string,
    ttlSeconds: number,
  ): Promise<void> {
    // the key lives as long as the token: a lease that is never kept alive
    const lease = this.client.lease(ttlSeconds, { autoKeepAlive: false });
    await lease.put(this.keys.token(buildId, attempt)).value(token);
    lease.release();
  }

  async readReports(limit: number): Promise<ReceivedReport[]> {
    const values = await this.client
      .getAll()
      .prefix(this.keys.reports)
      .sort('Key', 'Ascend')
      .limit(limit)
      .strings();
    const out: ReceivedReport[] = [];
    for (const [key, value] of Object.entries(values)) {
      const [buildId, attempt, seq] = key
        .slice(this.keys.reports.length)
        .split('/');
      try {
        out.push({
          key,
          buildId,
          attempt: Number(attempt),
          seq: Number(seq),
          report: JSON.parse(value) as AgentReport,
        });
      } catch {
        out.push({
          key,
          buildId,
          attempt: Number(attempt),
          seq: Number(seq),
          report: { type: 'log', lines: [] },
        });
      }
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  async deleteReports(keys: string[]): Promise<void> {
    await Promise.all(keys.map(key => this.client.delete().key(key)));
  }

  async watch(onChange: () => void): Promise<void> {
    for (const prefix of [this.keys.agents, this.keys.reports]) {
      const watcher = await this.client.watch().prefix(prefix).create();
      watcher.on('put', () => onChange());
      watcher.on('delete', () => onChange());
      watcher.on('error', () => {});
      this.watchers.push(watcher);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.watchers.map(w => w.cancel().catch(() => {})));
    this.client.close();
  }
}

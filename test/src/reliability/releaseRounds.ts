/**
 * Release rounds for the disruption suites (kills, PostgreSQL restarts, cell flaps): three apps
 * across two simulated cells, each round releasing a new version of each (two healthy apps that
 * must succeed, one whose new pods never get Ready and must be rolled back), and the checks that
 * every release ended as its gates dictate with no step applied twice or skipped, from the
 * timeline and from the cells' own Deployments watched throughout, and that no live lease belongs
 * to a dead replica.
 */
import * as k8s from '@kubernetes/client-node';
import { JsonObject } from '@backstage/types';
import knexFactory from 'knex';
import { versionSpec } from '../cells/api';
import { TestCells } from '../cells/harness';
import { Replicas } from './replicas';

export const OWNER = 'user:default/olivia';
export const FINAL = ['succeeded', 'rolled-back', 'failed', 'aborted'];

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
export const random = (min: number, max: number) => min + Math.random() * (max - min);

/** Polls `check` until it gives a truthy value; errors count as "not yet". */
export async function waitFor<T>(what: string, check: () => Promise<T | false | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${last})` : ''}`);
    await sleep(250);
  }
}

/** The spec.replicas of every Deployment as the cells' watches saw them, in order. */
export class DeploymentHistory {
  readonly replicas = new Map<string, number[]>();
  private readonly aborts = new Map<string, { abort(): void }>();
  private stopped = false;

  constructor(private readonly cells: TestCells) {}

  async start() {
    await Promise.all(this.cells.names.map(cell => this.watch(cell)));
  }

  /**
   * Watches a cell's Deployments; a watch the server ends (or a cell that became unreachable) is
   * started again, listing afresh, so nothing in between is missed for good.
   */
  private async watch(cell: string): Promise<void> {
    const kc = new k8s.KubeConfig();
    kc.loadFromString(this.cells.sim.cell(cell).kubeconfig);
    const restart = () => {
      if (!this.stopped) setTimeout(() => this.watch(cell).catch(restart), 200);
    };
    this.aborts.set(
      cell,
      await new k8s.Watch(kc).watch('/apis/apps/v1/deployments', {}, (type, d: k8s.V1Deployment) => {
        const key = `${cell}/${d.metadata!.name}`;
        const list = this.replicas.get(key) ?? [];
        const value = type === 'DELETED' ? -1 : d.spec?.replicas ?? 0;
        if (list[list.length - 1] !== value) list.push(value);
        this.replicas.set(key, list);
      }, restart),
    );
  }

  stop() {
    this.stopped = true;
    this.aborts.forEach(a => a.abort());
  }
}

/** The apps: healthy versions, and one whose new pods never get Ready (rolled back). */
export const APPS = [
  { name: 'ka', env: {}, end: 'succeeded' },
  { name: 'kb', env: {}, end: 'succeeded' },
  { name: 'kc', env: { SIM_NEVER_READY: '1' }, end: 'rolled-back' },
];

/** The `cellport.cells` config of the replicas of these suites. */
export function replicaCellsConfig(cells: TestCells) {
  return {
    regions: cells.regions,
    checkIntervalSeconds: 2,
    viewTimeoutSeconds: 5,
    requestTimeoutSeconds: 10,
    drainTimeoutSeconds: 20,
    // one release per replica: three releases keep all three driving, so every kill
    // interrupts a driver (a random replica, as the issue says, is always a driving one)
    releases: { tickIntervalMs: 250, leaseSeconds: 3, maxReleasesPerDriver: 1 },
  };
}

/**
 * Three replicas of the cells plugin on `database` (`backend.database`) driving the releases of
 * `cells` (with the slb plugin when `slb`, `cellport.slb`, is given), and the cells' Deployment
 * history watched from now on.
 */
export async function startReleaseReplicas(cells: TestCells, database: JsonObject, logDir: string, slb?: JsonObject) {
  const replicas = new Replicas({ database, users: [OWNER], cells: replicaCellsConfig(cells), slb }, logDir);
  await replicas.startAll(3);
  const history = new DeploymentHistory(cells);
  await history.start();
  return { replicas, history };
}

/** Figures every suite prints. */
export interface RoundFigures {
  releases: number;
  endedAsDictated: number;
  handOvers: number;
}

/** One release of a round. */
export interface StartedRelease {
  app: (typeof APPS)[number];
  id: string;
  to: string;
}

/** The release rounds of one suite against `group`; `problems` collects what went wrong. */
export class ReleaseRounds {
  readonly problems: string[] = [];
  readonly figures: RoundFigures = { releases: 0, endedAsDictated: 0, handOvers: 0 };

  constructor(
    private readonly group: Replicas,
    private readonly cells: TestCells,
    private readonly history: DeploymentHistory,
  ) {}

  private get names() {
    return this.cells.names;
  }

  /** Creates the apps with their first version v1. */
  async createApps(): Promise<void> {
    const [a, b] = this.names;
    for (const app of APPS) {
      await this.group.expect(201, OWNER, 'POST', '/apps', { name: app.name, production: true, cells: this.names });
      await this.group.expect(201, OWNER, 'POST', `/apps/${app.name}/versions`, { name: 'v1', spec: versionSpec({ [a]: 1, [b]: 1 }) });
    }
  }

  /** Starts round `round`'s releases (v<round> to v<round+1>) once every app serves its version. */
  async start(round: number): Promise<StartedRelease[]> {
    const [a, b] = this.names;
    const from = `v${round}`;
    const to = `v${round + 1}`;
    const started: StartedRelease[] = [];
    for (const app of APPS) {
      // kc serves v1 forever: its new versions never get Ready
      const current = app.end === 'succeeded' ? from : 'v1';
      await waitFor(`${app.name} serving ${current}`, async () => {
        const o = await this.group.expect(200, OWNER, 'GET', `/apps/${app.name}/overview`);
        return o.cells.every((c: any) => c.versions.some((v: any) => v.version === current && v.ready >= 1));
      });
      await this.group.expect(201, OWNER, 'POST', `/apps/${app.name}/versions`, {
        name: to,
        spec: versionSpec({ [a]: 2, [b]: 2 }, app.env, `example/shop:${round + 1}.0.0`),
      });
      const release = await this.group.expect(201, OWNER, 'POST', `/apps/${app.name}/releases`, {
        version: to,
        steps: [
          // bakes long enough for the disruptions to land while the releases run
          { cells: [a], canary: { replicas: 1 }, readyDeadlineSeconds: app.end === 'succeeded' ? 120 : 10, bakeSeconds: 8 },
          { cells: this.names, canary: { percent: 100 }, readyDeadlineSeconds: 120, bakeSeconds: 4 },
        ],
      });
      started.push({ app, id: release.id, to });
    }
    return started;
  }

  /** The release as it is now. */
  get(r: StartedRelease): Promise<any> {
    return this.group.expect(200, OWNER, 'GET', `/apps/${r.app.name}/releases/${r.id}`);
  }

  /**
   * Waits for each release to end (`whileWaiting` runs each poll, e.g. resuming releases paused
   * by an unreachable cell) and checks how it ended.
   */
  async finish(started: StartedRelease[], whileWaiting?: (r: StartedRelease, state: any) => Promise<void>): Promise<void> {
    for (const r of started) {
      let last: any;
      const release = await waitFor(`release of ${r.app.name} final`, async () => {
        const now = await this.get(r);
        last = now;
        if (FINAL.includes(now.state)) return now;
        await whileWaiting?.(r, now);
        return false;
      }, 240_000).catch(e => {
        throw new Error(`${e.message}; last seen: ${JSON.stringify(last)?.slice(0, 3000)}`);
      });
      await this.check(r, release);
    }
  }

  private async check({ app, id, to }: StartedRelease, release: any) {
    this.figures.releases++;
    const events: any[] = (await this.group.expect(200, OWNER, 'GET', `/apps/${app.name}/releases/${id}/events`)).items;
    const count = (type: string, step?: number) => events.filter(e => e.type === type && (step === undefined || e.step === step)).length;
    const runs = events.map(e => e.driverId).filter(Boolean).filter((d, i, all) => i === 0 || all[i - 1] !== d);
    this.figures.handOvers += Math.max(0, runs.length - 1);
    if (release.state !== app.end) {
      this.problems.push(`${app.name} ${to}: ${release.state} (${release.reason ?? ''}), its gates dictate ${app.end}`);
      return;
    }
    this.figures.endedAsDictated++;
    if (app.end === 'succeeded') {
      const timeline = {
        started: [count('step-started', 0), count('step-started', 1)],
        succeeded: [count('step-succeeded', 0), count('step-succeeded', 1)],
        applied: [count('cell-applied', 0), count('cell-applied', 1)],
        ended: count('succeeded'),
      };
      if (JSON.stringify(timeline) !== JSON.stringify({ started: [1, 1], succeeded: [1, 1], applied: [1, 2], ended: 1 })) {
        this.problems.push(`${app.name} ${to}: timeline ${JSON.stringify(timeline)}`);
      }
      // the new version only ever grew in each cell, and reached its replicas
      for (const cell of this.names) {
        const seen = this.history.replicas.get(`${cell}/${app.name}-${to}`) ?? [];
        const grew = seen.every((v, i) => i === 0 || v >= seen[i - 1]);
        if (!grew || seen[seen.length - 1] !== 2) {
          this.problems.push(`${app.name}-${to} in ${cell}: replicas went ${seen.join(' → ')}`);
        }
      }
    } else if (count('rolled-back') !== 1 || count('step-started', 1) !== 0) {
      this.problems.push(`${app.name} ${to}: ${count('rolled-back')} rolled-back events, step 2 started ${count('step-started', 1)} times`);
    }
  }

  /** No release is leased (unexpired) to a replica process that is not running. */
  async checkLeases(connectionString: string, database: string): Promise<void> {
    const url = new URL(connectionString);
    url.pathname = `/${database}`;
    const knex = knexFactory({ client: 'pg', connection: url.toString() });
    try {
      const leased = await knex('cells_releases').whereNotNull('driver_id').where('lease_expires_at', '>', Date.now());
      for (const row of leased) {
        const pid = Number(/-(\d+)-[0-9a-f]{8}$/.exec(row.driver_id)?.[1]);
        if (!this.group.isLive(pid)) {
          this.problems.push(`release ${row.id} (${row.state}) leased to ${row.driver_id}, which is not a live replica`);
        }
      }
    } finally {
      await knex.destroy();
    }
  }
}

/**
 * Kills: three backend replicas (processes, replica.ts) on one PostgreSQL database drive releases
 * of several apps across two simulated cells while a chaos driver SIGKILLs a random replica at a
 * random moment and restarts it (RELIABILITY_KILLS: 5 here, 20 in `npm run soak`). Afterwards:
 * - every release reached the end its gates dictate (healthy versions succeed, a version whose pods
 *   never get Ready is rolled back) and none is stuck;
 * - no step was applied twice or skipped: the timeline has each step started and passed once and
 *   each touched cell applied once per step, and the cells' own Deployments (watched throughout)
 *   only ever moved forward (the new version's replicas never went down and up again);
 * - no release is leased to a replica that was killed.
 * Prints the figures. PostgreSQL from BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import knexFactory from 'knex';
import { versionSpec } from '../cells/api';
import { createPostgresDatabase, postgresConnectionString, startCells, TestCells, TestPostgresDatabase } from '../cells/harness';
import { Replicas } from './replicas';

const KILLS = Number(process.env.RELIABILITY_KILLS || 5);
const ROUNDS = Number(process.env.RELIABILITY_KILL_ROUNDS || 1);
const OWNER = 'user:default/olivia';
const CELLS = ['kill-1', 'kill-2'];
const FINAL = ['succeeded', 'rolled-back', 'failed', 'aborted'];

jest.setTimeout(40 * 60_000);

const PG = postgresConnectionString();
if (!PG && process.env.CI) {
  throw new Error('CI requires PostgreSQL for the kill suite (npm test sets BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING)');
}
const describePg = PG ? describe : describe.skip;

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const random = (min: number, max: number) => min + Math.random() * (max - min);

/** The spec.replicas of every Deployment as the cells' watches saw them, in order. */
class DeploymentHistory {
  readonly replicas = new Map<string, number[]>();
  private readonly aborts = new Map<string, { abort(): void }>();
  private stopped = false;

  async start(cells: TestCells) {
    await Promise.all(CELLS.map(cell => this.watch(cells, cell)));
  }

  /** Watches a cell's Deployments; a watch the server ends is started again (listing afresh). */
  private async watch(cells: TestCells, cell: string): Promise<void> {
    const kc = new k8s.KubeConfig();
    kc.loadFromString(cells.sim.cell(cell).kubeconfig);
    const restart = () => {
      if (!this.stopped) setTimeout(() => this.watch(cells, cell).catch(restart), 200);
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

/** The app's releases: healthy versions, and one whose new pods never get Ready (rolled back). */
const APPS = [
  { name: 'ka', env: {}, end: 'succeeded' },
  { name: 'kb', env: {}, end: 'succeeded' },
  { name: 'kc', env: { SIM_NEVER_READY: '1' }, end: 'rolled-back' },
];

describePg('releases while replicas are SIGKILLed (PostgreSQL)', () => {
  let cells: TestCells;
  let db: TestPostgresDatabase;
  let replicas: Replicas;
  let history: DeploymentHistory;
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-kills-'));

  beforeAll(async () => {
    cells = await startCells('kill', CELLS);
    db = await createPostgresDatabase(PG!);
    replicas = new Replicas(
      {
        database: db.backendConfig,
        users: [OWNER],
        cells: {
          regions: cells.regions,
          checkIntervalSeconds: 2,
          viewTimeoutSeconds: 5,
          requestTimeoutSeconds: 10,
          drainTimeoutSeconds: 20,
          // one release per replica: three releases keep all three driving, so every kill
          // interrupts a driver (a random replica, as the issue says, is always a driving one)
          releases: { tickIntervalMs: 250, leaseSeconds: 3, maxReleasesPerDriver: 1 },
        },
      },
      logDir,
    );
    await replicas.startAll(3);
    history = new DeploymentHistory();
    await history.start(cells);
  }, 600_000);

  afterAll(async () => {
    history?.stop();
    await replicas?.stopAll();
    await db?.drop().catch(() => undefined);
    await cells?.stop();
    fs.rmSync(logDir, { recursive: true, force: true });
  });

  it(`every release ends as its gates dictate, nothing applied twice, through ${KILLS * ROUNDS} kills`, async () => {
    const figures = { suite: 'kills', replicas: 3, kills: 0, rounds: ROUNDS, releases: 0, endedAsDictated: 0, handOvers: 0, seconds: 0 };
    const t0 = Date.now();
    const group = replicas;
    const problems: string[] = [];
    for (const app of APPS) {
      await group.expect(201, OWNER, 'POST', '/apps', { name: app.name, production: true, cells: CELLS });
      await group.expect(201, OWNER, 'POST', `/apps/${app.name}/versions`, { name: 'v1', spec: versionSpec({ [CELLS[0]]: 1, [CELLS[1]]: 1 }) });
    }
    for (let round = 1; round <= ROUNDS; round++) {
      const from = `v${round}`;
      const to = `v${round + 1}`;
      // the apps serve `from` (kc serves v1 forever: its new versions never get Ready)
      const started: Array<{ app: (typeof APPS)[number]; id: string }> = [];
      for (const app of APPS) {
        const current = app.end === 'succeeded' ? from : 'v1';
        await waitFor(`${app.name} serving ${current}`, async () => {
          const o = await group.expect(200, OWNER, 'GET', `/apps/${app.name}/overview`);
          return o.cells.every((c: any) => c.versions.some((v: any) => v.version === current && v.ready >= 1));
        });
        await group.expect(201, OWNER, 'POST', `/apps/${app.name}/versions`, {
          name: to,
          spec: versionSpec({ [CELLS[0]]: 2, [CELLS[1]]: 2 }, app.env, `example/shop:${round + 1}.0.0`),
        });
        const release = await group.expect(201, OWNER, 'POST', `/apps/${app.name}/releases`, {
          version: to,
          steps: [
            // bakes long enough for the kills to land while the releases run
            { cells: [CELLS[0]], canary: { replicas: 1 }, readyDeadlineSeconds: app.end === 'succeeded' ? 120 : 10, bakeSeconds: 8 },
            { cells: CELLS, canary: { percent: 100 }, readyDeadlineSeconds: 120, bakeSeconds: 4 },
          ],
        });
        started.push({ app, id: release.id });
      }
      // chaos: kill a random running replica at a random moment and restart it a moment later,
      // while the others go on (at least one replica always runs)
      const restarts: Array<Promise<void>> = [];
      for (let k = 0; k < KILLS; k++) {
        await sleep(random(500, 3000));
        const running = group.runningIndexes();
        if (running.length < 2) {
          await Promise.race(restarts);
          k--;
          continue;
        }
        const victim = running[Math.floor(Math.random() * running.length)];
        await group.kill(victim);
        figures.kills++;
        restarts.push(sleep(random(0, 1500)).then(() => group.start(victim)));
      }
      await Promise.all(restarts);
      for (const { app, id } of started) {
        const release = await waitFor(`release of ${app.name} final`, async () => {
          const r = await group.expect(200, OWNER, 'GET', `/apps/${app.name}/releases/${id}`);
          return FINAL.includes(r.state) && r;
        }, 240_000);
        figures.releases++;
        const events: any[] = (await group.expect(200, OWNER, 'GET', `/apps/${app.name}/releases/${id}/events`)).items;
        const count = (type: string, step?: number) => events.filter(e => e.type === type && (step === undefined || e.step === step)).length;
        const runs = events.map(e => e.driverId).filter(Boolean).filter((d, i, all) => i === 0 || all[i - 1] !== d);
        figures.handOvers += Math.max(0, runs.length - 1);
        if (release.state !== app.end) {
          problems.push(`${app.name} ${to}: ${release.state} (${release.reason ?? ''}), its gates dictate ${app.end}`);
          continue;
        }
        figures.endedAsDictated++;
        if (app.end === 'succeeded') {
          const timeline = {
            started: [count('step-started', 0), count('step-started', 1)],
            succeeded: [count('step-succeeded', 0), count('step-succeeded', 1)],
            applied: [count('cell-applied', 0), count('cell-applied', 1)],
            ended: count('succeeded'),
          };
          if (JSON.stringify(timeline) !== JSON.stringify({ started: [1, 1], succeeded: [1, 1], applied: [1, 2], ended: 1 })) {
            problems.push(`${app.name} ${to}: timeline ${JSON.stringify(timeline)}`);
          }
          // the new version only ever grew in each cell, and reached its replicas
          for (const cell of CELLS) {
            const seen = history.replicas.get(`${cell}/${app.name}-${to}`) ?? [];
            const grew = seen.every((v, i) => i === 0 || v >= seen[i - 1]);
            if (!grew || seen[seen.length - 1] !== 2) {
              problems.push(`${app.name}-${to} in ${cell}: replicas went ${seen.join(' → ')}`);
            }
          }
        } else if (count('rolled-back') !== 1 || count('step-started', 1) !== 0) {
          problems.push(`${app.name} ${to}: ${count('rolled-back')} rolled-back events, step 2 started ${count('step-started', 1)} times`);
        }
      }
    }
    // no release is leased to a replica that was killed
    const url = new URL(PG!);
    url.pathname = `/${db.name}`;
    const knex = knexFactory({ client: 'pg', connection: url.toString() });
    try {
      const leased = await knex('cells_releases').whereNotNull('driver_id').where('lease_expires_at', '>', Date.now());
      for (const row of leased) {
        const pid = Number(/-(\d+)-[0-9a-f]{8}$/.exec(row.driver_id)?.[1]);
        if (!group.isLive(pid)) {
          problems.push(`release ${row.id} (${row.state}) leased to ${row.driver_id}, which is not a live replica`);
        }
      }
    } finally {
      await knex.destroy();
    }
    figures.seconds = Math.round((Date.now() - t0) / 1000);
    // the kills interrupted drivers: some release changed hands
    if (KILLS > 0 && figures.handOvers === 0) {
      problems.push('no release changed hands: the kills never interrupted a driving replica');
    }
    // eslint-disable-next-line no-console
    console.log(JSON.stringify({ ...figures, problems: problems.length }));
    expect(problems).toEqual([]);
  });
});

async function waitFor<T>(what: string, check: () => Promise<T | false | undefined>, timeoutMs = 120_000): Promise<T> {
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

/**
 * Disruptions other than kills, on three backend replicas (processes, replica.ts) driving releases
 * of several apps across two simulated cells (releaseRounds.ts):
 * - PostgreSQL restarts mid-release: the suite's own server (privatePostgres.ts) is stopped
 *   immediately (every connection cut) and started again after a few seconds;
 * - before each disruption, every connection to the server is terminated (pg_terminate_backend)
 *   while it keeps running;
 * - a cell's API unreachable and back (flapping): the simulator closes the cell's API port for a
 *   few seconds. A release that needs the cell meanwhile pauses saying so (the documented
 *   behaviour); the operator resumes it once the cell answers again, as a Master would.
 * RELIABILITY_DISRUPTIONS per round (4 here: two restarts, two flaps), RELIABILITY_DISRUPTION_ROUNDS
 * rounds (1 here; `npm run soak` runs more). Afterwards every release ended as its gates dictate,
 * no step was applied twice or skipped (timeline and the cells' Deployment generations), none is
 * stuck, every replica still runs (none died of a lost database), no replica recorded an
 * unhandled rejection or uncaught exception (replica.ts) and no live lease belongs to a dead
 * replica. Prints the figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPostgresDatabase, startCells, TestCells, TestPostgresDatabase } from '../cells/harness';
import { postgresInstalled, startPrivatePostgres, PrivatePostgres } from './privatePostgres';
import { DeploymentHistory, OWNER, random, ReleaseRounds, sleep, StartedRelease, startReleaseReplicas } from './releaseRounds';
import { Replicas } from './replicas';

const DISRUPTIONS = Number(process.env.RELIABILITY_DISRUPTIONS || 4);
const ROUNDS = Number(process.env.RELIABILITY_DISRUPTION_ROUNDS || 1);

jest.setTimeout(40 * 60_000);

if (!postgresInstalled() && process.env.CI) {
  throw new Error('CI requires PostgreSQL for the disruption suite (scripts/infra.sh start postgres installs it)');
}
const describePg = postgresInstalled() ? describe : describe.skip;

describePg('releases through PostgreSQL restarts and a flapping cell', () => {
  let cells: TestCells;
  let pg: PrivatePostgres;
  let db: TestPostgresDatabase;
  let replicas: Replicas;
  let history: DeploymentHistory;
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-disruptions-'));

  beforeAll(async () => {
    cells = await startCells('flap', ['flap-1', 'flap-2']);
    pg = await startPrivatePostgres();
    db = await createPostgresDatabase(pg.url);
    ({ replicas, history } = await startReleaseReplicas(cells, db.backendConfig, logDir));
  }, 600_000);

  afterAll(async () => {
    history?.stop();
    await replicas?.stopAll();
    await db?.drop().catch(() => undefined);
    await pg?.stop();
    await cells?.stop();
    // RELIABILITY_KEEP_LOGS=1 keeps the replicas' logs and recorded faults for a look afterwards
    // eslint-disable-next-line no-console
    if (process.env.RELIABILITY_KEEP_LOGS) console.log(`logs kept in ${logDir}`);
    else fs.rmSync(logDir, { recursive: true, force: true });
  });

  it(`every release ends as its gates dictate through ${DISRUPTIONS * ROUNDS} restarts and flaps`, async () => {
    const t0 = Date.now();
    const rounds = new ReleaseRounds(replicas, cells, history);
    const figures = { pgRestarts: 0, pgDownMs: 0, pgConnectionsTerminated: 0, cellFlaps: 0, cellDownMs: 0, pausedAndResumed: 0 };
    const down = new Set<string>();
    const group = replicas;
    // a release paused by an unreachable cell that is back: resume, as the pause message asks
    const resumeOnceBack = async (r: StartedRelease, release: any) => {
      if (release.state === 'paused' && /unreachable/.test(release.reason ?? '') && down.size === 0) {
        const res = await group.call(OWNER, 'POST', `/apps/${r.app.name}/releases/${r.id}/actions`, { action: 'resume' });
        if (res.status === 200) figures.pausedAndResumed++;
      }
    };
    await rounds.createApps();
    for (let round = 1; round <= ROUNDS; round++) {
      const started = await rounds.start(round);
      for (let d = 0; d < DISRUPTIONS; d++) {
        await sleep(random(500, 2000));
        // every disruption also cuts every database connection at a random moment (a failover,
        // an administrator): pools must drop the dead connections and background loops retry
        figures.pgConnectionsTerminated += await pg.terminateConnections();
        await sleep(random(500, 2000));
        const ms = Math.round(random(1500, 5000));
        if (d % 2 === 0) {
          await pg.restart(ms);
          figures.pgRestarts++;
          figures.pgDownMs += ms;
        } else {
          const cell = cells.names[Math.floor(Math.random() * cells.names.length)];
          down.add(cell);
          await cells.setReachable(cell, false);
          await sleep(ms);
          await cells.setReachable(cell, true);
          down.delete(cell);
          figures.cellFlaps++;
          figures.cellDownMs += ms;
        }
      }
      await rounds.finish(started, resumeOnceBack);
    }
    await rounds.checkLeases(pg.url, db.name);
    const running = replicas.runningIndexes().length;
    if (running !== 3) {
      rounds.problems.push(`${3 - running} replicas stopped running (a lost database must not end a replica):\n${replicas.exitedLogs()}`);
    }
    // a rejection nobody handled is a background loop that lost its database and did not retry
    rounds.problems.push(...replicas.faults().map(f => `unhandled fault in a replica: ${f}`));
    // eslint-disable-next-line no-console
    console.log(JSON.stringify({
      suite: 'disruptions',
      replicas: 3,
      rounds: ROUNDS,
      ...figures,
      ...rounds.figures,
      seconds: Math.round((Date.now() - t0) / 1000),
      problems: rounds.problems.length,
    }));
    expect(rounds.problems).toEqual([]);
  });
});

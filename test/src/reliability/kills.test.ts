/**
 * Kills: three backend replicas (processes, replica.ts) on one PostgreSQL database drive releases
 * of several apps across two simulated cells while a chaos driver SIGKILLs a random replica at a
 * random moment and restarts it (RELIABILITY_KILLS: 5 here, 20 in `npm run soak`). Afterwards
 * (releaseRounds.ts):
 * - every release reached the end its gates dictate (healthy versions succeed, a version whose pods
 *   never get Ready is rolled back) and none is stuck;
 * - no step was applied twice or skipped: the timeline has each step started and passed once and
 *   each touched cell applied once per step, and the cells' own Deployments (watched throughout)
 *   only ever moved forward (the new version's replicas never went down and up again);
 * - no release is leased to a replica that was killed;
 * - no request through the LB group failed: the replicas run the slb plugin too, each app has a
 *   domain on a group of two real Nginx hosts (lbTraffic.ts), and a request mix goes through both
 *   hosts for the whole run (RELIABILITY_LB=0 leaves the LB group out).
 * Prints the figures. PostgreSQL from BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPostgresDatabase, postgresConnectionString, startCells, TestCells, TestPostgresDatabase } from '../cells/harness';
import { LbTraffic } from './lbTraffic';
import { APPS, DeploymentHistory, OWNER, random, ReleaseRounds, sleep, startReleaseReplicas } from './releaseRounds';
import { Replicas } from './replicas';

const KILLS = Number(process.env.RELIABILITY_KILLS || 5);
const ROUNDS = Number(process.env.RELIABILITY_KILL_ROUNDS || 1);
const WITH_LB = process.env.RELIABILITY_LB !== '0';

jest.setTimeout(40 * 60_000);

const PG = postgresConnectionString();
if (!PG && process.env.CI) {
  throw new Error('CI requires PostgreSQL for the kill suite (npm test sets BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING)');
}
const describePg = PG ? describe : describe.skip;

describePg('releases while replicas are SIGKILLed (PostgreSQL)', () => {
  let cells: TestCells;
  let db: TestPostgresDatabase;
  let replicas: Replicas;
  let history: DeploymentHistory;
  let lb: LbTraffic | undefined;
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-kills-'));

  beforeAll(async () => {
    cells = await startCells('kill', ['kill-1', 'kill-2']);
    db = await createPostgresDatabase(PG!);
    lb = WITH_LB ? await LbTraffic.start(logDir) : undefined;
    ({ replicas, history } = await startReleaseReplicas(cells, db.backendConfig, logDir, lb?.slbConfig(cells.region)));
  }, 600_000);

  afterAll(async () => {
    history?.stop();
    await replicas?.stopAll();
    await lb?.stop();
    await db?.drop().catch(() => undefined);
    await cells?.stop();
    // RELIABILITY_KEEP_LOGS=1 keeps the replicas', agents' and etcd's logs for a look afterwards
    if (process.env.RELIABILITY_KEEP_LOGS) console.log(`logs kept in ${logDir}`);
    else fs.rmSync(logDir, { recursive: true, force: true });
  });

  it(`every release ends as its gates dictate, nothing applied twice, through ${KILLS * ROUNDS} kills`, async () => {
    const t0 = Date.now();
    const group = replicas;
    const rounds = new ReleaseRounds(group, cells, history);
    let kills = 0;
    await rounds.createApps();
    if (lb) {
      await lb.createDomains(cells.region, OWNER, APPS.map(a => a.name));
      lb.startLoad(APPS.map(a => a.name), 30 * 60_000);
    }
    for (let round = 1; round <= ROUNDS; round++) {
      const started = await rounds.start(round);
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
        kills++;
        restarts.push(sleep(random(0, 1500)).then(() => group.start(victim)));
      }
      await Promise.all(restarts);
      await rounds.finish(started);
    }
    await rounds.checkLeases(PG!, db.name);
    const traffic = lb ? await lb.stopLoad() : undefined;
    if (traffic && traffic.failed > 0) {
      rounds.problems.push(`${traffic.failed} of ${traffic.requests} requests through the LB group failed: ${JSON.stringify(traffic)}`);
    }
    // the kills interrupted drivers: some release changed hands
    if (KILLS > 0 && rounds.figures.handOvers === 0) {
      rounds.problems.push('no release changed hands: the kills never interrupted a driving replica');
    }
    // a rejection nobody handled is a loop that lost its peer or its database and did not retry
    rounds.problems.push(...replicas.faults().map(f => `unhandled fault in a replica: ${f}`));
    const figures = {
      suite: 'kills',
      replicas: 3,
      kills,
      rounds: ROUNDS,
      ...rounds.figures,
      ...(traffic ? { lb: { requests: traffic.requests, failed: traffic.failed, keepAliveRetries: traffic.keepAliveRetries, statuses: traffic.statuses } } : {}),
      seconds: Math.round((Date.now() - t0) / 1000),
    };
    // eslint-disable-next-line no-console
    console.log(JSON.stringify({ ...figures, problems: rounds.problems.length }));
    expect(rounds.problems).toEqual([]);
  });
});

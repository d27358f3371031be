#!/usr/bin/env node
// Build loop benchmark against a running portal with its build loop (npm start, or the test suite's
// instance: CELLPORT_URL, CELLPORT_STATE_DIR, CELLPORT_GIT_PORT). Prints one JSON line:
//  - cold build vs warm rebuild of the example service on the same agent (a new build config, so an
//    empty dependency cache, and a Dockerfile labelled for this run, so no cached layer), total and
//    build-step times, and warm/cold (the goal: at most 10 %);
//  - webhook received → build started on the agent (signed GitHub push webhooks, one at a time;
//    from the build's creation to its clone step starting on the agent), p50 and p99;
//  - makespan of N builds of N configs with both agents vs with one (build-2 stopped by its PID
//    file for the run, started again afterwards with scripts/builds-local.sh).
// Short form (CELLPORT_BENCH_SHORT=1): 4 webhooks, 2 builds per makespan run.
// Without a portal or its build loop it prints the reason and exits 0.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SHORT, guestToken, repoRoot, sized } from './_portal.mjs';

const URL_ = process.env.CELLPORT_URL ?? 'http://127.0.0.1:7007';
const STATE =
  process.env.CELLPORT_STATE_DIR ?? path.join(repoRoot, '.cellport');
const GIT = `http://127.0.0.1:${process.env.CELLPORT_GIT_PORT ?? '8418'}/git`;
const WEBHOOKS = sized('BENCH_WEBHOOKS', 20, 4);
const PARALLEL = sized('BENCH_PARALLEL', 4, 2);
const suffix = crypto.randomBytes(3).toString('hex');
const round = (x, d = 0) => Math.round(x * 10 ** d) / 10 ** d;
const pct = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

let token;
async function call(method, p, body) {
  const res = await fetch(`${URL_}${p}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = res.status === 204 ? undefined : await res.json();
  if (!res.ok)
    throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

function git(cwd, ...args) {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=Bench',
      '-c',
      'user.email=bench@cellport.example',
      ...args,
    ],
    { cwd, encoding: 'utf8' },
  ).trim();
}

/** A repository on the local git server copied from the example service. */
function createRepository(name) {
  const bare = path.join(STATE, 'builds/git', `${name}.git`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-bench-repo-'));
  fs.cpSync(path.join(repoRoot, 'catalog/repos/payments-api'), work, {
    recursive: true,
  });
  // a Dockerfile no earlier build shares a layer with: the first build is really cold
  const dockerfile = path.join(work, 'Dockerfile');
  fs.writeFileSync(
    dockerfile,
    fs
      .readFileSync(dockerfile, 'utf8')
      .replace(/^(FROM .*)$/m, `$1\nLABEL cellport.bench="${name}"`),
  );
  git(work, 'init', '-q', '-b', 'main');
  git(work, 'add', '-A');
  git(work, 'commit', '-q', '-m', 'bench');
  git(work, 'clone', '-q', '--bare', work, bare);
  fs.rmSync(work, { recursive: true, force: true });
  return { bare, head: git(bare, 'rev-parse', 'main') };
}

/** Creates a build config; returns its webhook secret (in the creation answer only). */
async function createConfig(name, repo) {
  const created = await call('POST', '/api/builds/configs', {
    name,
    repositoryUrl: `${GIT}/${repo}.git`,
    imageRepository: `bench-${suffix}/web`,
  });
  return created.webhookSecret;
}

async function waitBuild(config, number, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const b = await call(
      'GET',
      `/api/builds/configs/${config}/builds/${number}`,
    );
    if (['succeeded', 'failed', 'cancelled'].includes(b.state)) {
      if (b.state !== 'succeeded')
        throw new Error(`build ${config} #${number} ${b.state}: ${b.reason}`);
      return b;
    }
    if (Date.now() > deadline)
      throw new Error(`build ${config} #${number} still ${b.state}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

const total = b => Date.parse(b.finishedAt) - Date.parse(b.startedAt);
const step = (b, name) => b.steps.find(s => s.name === name)?.durationMs;

function pidOf(host) {
  return Number(
    fs.readFileSync(path.join(STATE, 'builds', `${host}.pid`), 'utf8'),
  );
}

async function makespan(configs) {
  const t0 = performance.now();
  const started = await Promise.all(
    configs.map(c => call('POST', `/api/builds/configs/${c}/builds`, {})),
  );
  const builds = await Promise.all(
    started.map(b => waitBuild(b.config, b.number)),
  );
  return {
    ms: round(performance.now() - t0),
    agents: [...new Set(builds.map(b => b.agent))].sort(),
  };
}

async function main() {
  try {
    token = await guestToken(URL_);
    const agents = await call('GET', '/api/builds/agents');
    if (agents.items.length < 2)
      throw new Error(
        `${agents.items.length} build agent(s) registered, 2 needed`,
      );
  } catch (e) {
    console.log(
      JSON.stringify({
        bench: 'builds-loop',
        skipped: `no portal with its build loop at ${URL_}: ${e.message}`,
      }),
    );
    return;
  }
  await call('POST', '/api/registry/groups', { name: `bench-${suffix}` });
  await call('POST', `/api/registry/groups/bench-${suffix}/repositories`, {
    name: 'web',
  });

  // --- cold build vs warm rebuild on the same agent -------------------------------------------------
  createRepository(`bench-${suffix}`);
  const cfg = `bench-${suffix}`;
  const secret = await createConfig(cfg, `bench-${suffix}`);
  const cold = await waitBuild(
    cfg,
    (
      await call('POST', `/api/builds/configs/${cfg}/builds`, {})
    ).number,
  );
  const warm = await waitBuild(
    cfg,
    (
      await call('POST', `/api/builds/configs/${cfg}/builds`, {})
    ).number,
  );

  // --- webhook received -> build started on the agent ----------------------------------------------
  const head = warm.commit;
  const latencies = [];
  for (let i = 0; i < WEBHOOKS; i++) {
    const body = JSON.stringify({
      ref: 'refs/heads/main',
      after: head,
      pusher: { name: 'bench' },
    });
    const res = await fetch(`${URL_}/api/builds/webhooks/${cfg}/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': `bench-${suffix}-${i}`,
        'x-hub-signature-256': `sha256=${crypto
          .createHmac('sha256', secret)
          .update(body)
          .digest('hex')}`,
      },
      body,
    });
    const queued = await res.json();
    if (res.status !== 201)
      throw new Error(`webhook: ${res.status} ${JSON.stringify(queued)}`);
    const b = await waitBuild(cfg, queued.number);
    latencies.push(Date.parse(b.steps[0].startedAt) - Date.parse(b.createdAt));
  }
  latencies.sort((a, b) => a - b);

  // --- two agents vs one ---------------------------------------------------------------------------
  const many = [];
  for (let i = 0; i < PARALLEL; i++) {
    createRepository(`bench-${suffix}-${i}`);
    many.push(`bench-${suffix}-${i}`);
    await createConfig(many[i], many[i]);
    await waitBuild(
      many[i],
      (
        await call('POST', `/api/builds/configs/${many[i]}/builds`, {})
      ).number,
    ); // warm them
  }
  const two = await makespan(many);
  process.kill(pidOf('build-2'), 'SIGTERM');
  for (let i = 0; i < 100; i++) {
    const live = await call('GET', '/api/builds/agents');
    if (live.items.length === 1) break;
    await new Promise(r => setTimeout(r, 100));
  }
  let one;
  try {
    one = await makespan(many);
  } finally {
    execFileSync(
      'bash',
      [path.join(repoRoot, 'scripts/builds-local.sh'), 'start'],
      { stdio: 'ignore' },
    );
  }

  console.log(
    JSON.stringify({
      bench: 'builds-loop',
      short: SHORT,
      agent: cold.agent,
      warmAgent: warm.agent,
      coldMs: total(cold),
      coldBuildStepMs: step(cold, 'build'),
      warmMs: total(warm),
      warmBuildStepMs: step(warm, 'build'),
      warmOverCold: round(total(warm) / total(cold), 3),
      webhookToStartedMs: {
        n: latencies.length,
        p50: pct(latencies, 50),
        p99: pct(latencies, 99),
        max: latencies[latencies.length - 1],
      },
      makespan: {
        builds: PARALLEL,
        twoAgentsMs: two.ms,
        twoAgentsUsed: two.agents,
        oneAgentMs: one.ms,
        oneAgentUsed: one.agents,
      },
    }),
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

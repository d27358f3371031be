#!/usr/bin/env node
// "Cellport HTTP service" template benchmark against a running portal with its build loop and LB
// agents (npm start, or the test suite's instance: CELLPORT_URL, CELLPORT_SLB_PORT): the guest runs
// the template for new services, one after the other, and for each the bench measures
//  - template submitted → the new service's first 200 through an Nginx host of dev-public (polled
//    every 50 ms from the submission), and submitted → task completed;
//  - each step's time (the scaffolder's step events; they carry whole seconds).
// Prints one JSON line: p50 and max over the runs, and each step's median.
// Short form (CELLPORT_BENCH_SHORT=1): one service.
// Without a portal it prints the reason and exits 0: the run needs the whole stack (registry, etcd,
// simulated cells, build agents, git server, LB agents with Nginx), which scripts/start.sh brings up
// in minutes, more than the bench step's budget; the suite's end-to-end step runs the same template
// (test/src/scaffolder/template-service.test.ts).
import crypto from 'node:crypto';
import http from 'node:http';
import { SHORT, guestToken, sized } from './_portal.mjs';

const URL_ = process.env.CELLPORT_URL ?? 'http://127.0.0.1:7007';
const SLB_PORT = Number(process.env.CELLPORT_SLB_PORT ?? 8280);
const LB_HOST = '127.0.0.11';
const RUNS = sized('BENCH_TEMPLATE_RUNS', 3, 1);
const suffix = crypto.randomBytes(3).toString('hex');
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

let token;
async function call(method, p, body) {
  const res = await fetch(`${URL_}${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** One GET through the LB host with the domain as Host header; its status (0 when none). */
function throughNginx(domain) {
  return new Promise(resolve => {
    const req = http.get(
      { host: LB_HOST, port: SLB_PORT, path: '/', headers: { host: domain }, agent: false, timeout: 2000 },
      res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

async function runOnce(name) {
  const domain = `${name}.dev.cellport.local`;
  const t0 = Date.now();
  const { id } = await call('POST', '/api/scaffolder/v2/tasks', {
    templateRef: 'template:default/cellport-service',
    values: {
      name,
      description: 'template benchmark',
      owner: 'user:default/guest',
      imageGroup: `bench-tpl-${suffix}`,
      cells: ['dev-1', 'dev-2'],
      lbGroup: 'dev-public',
      domainSuffix: 'dev.cellport.local',
    },
  });
  let firstRequestMs;
  let done = false;
  const poller = (async () => {
    while (!done && firstRequestMs === undefined) {
      if ((await throughNginx(domain)) === 200) firstRequestMs = Date.now() - t0;
      else await new Promise(r => setTimeout(r, 50));
    }
  })();
  let task;
  const deadline = t0 + 600_000;
  for (;;) {
    task = await call('GET', `/api/scaffolder/v2/tasks/${id}`);
    if (['completed', 'failed', 'cancelled'].includes(task.status)) break;
    if (Date.now() > deadline) throw new Error(`task ${id} still ${task.status}`);
    await new Promise(r => setTimeout(r, 100));
  }
  const taskMs = Date.now() - t0;
  const events = await call('GET', `/api/scaffolder/v2/tasks/${id}/events`);
  if (task.status !== 'completed') {
    done = true;
    throw new Error(`task ${task.status}: ${events.map(e => e.body?.message).join('\n').slice(-2000)}`);
  }
  // the domain serves before the task ends (the alerts step comes after): wait for it at most 60 s
  const served = Date.now() + 60_000;
  while (firstRequestMs === undefined && Date.now() < served) await new Promise(r => setTimeout(r, 50));
  done = true;
  await poller;
  const steps = {};
  const started = {};
  for (const e of events) {
    const { stepId, status } = e.body ?? {};
    if (!stepId) continue;
    if (status === 'processing') started[stepId] = Date.parse(e.createdAt);
    if (status === 'completed' && started[stepId] !== undefined) {
      steps[stepId] = Date.parse(e.createdAt) - started[stepId];
    }
  }
  return { firstRequestMs, taskMs, steps };
}

async function main() {
  try {
    const ready = await fetch(`${URL_}/.backstage/health/v1/readiness`);
    if (!ready.ok) throw new Error(`readiness ${ready.status}`);
    token = await guestToken(URL_);
    await call('GET', '/api/catalog/entities/by-name/template/default/cellport-service');
    if ((await throughNginx('nothing.invalid')) === 0) throw new Error(`no LB host at ${LB_HOST}:${SLB_PORT}`);
  } catch (e) {
    console.log(JSON.stringify({ bench: 'template-service', skipped: `no portal with its build loop and LB agents at ${URL_}: ${e.message}` }));
    return;
  }
  await call('POST', '/api/registry/groups', { name: `bench-tpl-${suffix}` });
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await runOnce(`bt-${suffix}-${i}`));
  const first = runs.map(r => r.firstRequestMs).filter(x => x !== undefined);
  const stepIds = Object.keys(runs[0].steps);
  console.log(
    JSON.stringify({
      bench: 'template-service',
      short: SHORT,
      runs: RUNS,
      submittedToFirstRequestMs: first.length ? { p50: median(first), max: Math.max(...first) } : 'never served',
      submittedToCompletedMs: { p50: median(runs.map(r => r.taskMs)), max: Math.max(...runs.map(r => r.taskMs)) },
      stepMedianMs: Object.fromEntries(stepIds.map(s => [s, median(runs.map(r => r.steps[s] ?? 0))])),
      note: 'step times from the scaffolder step events (whole seconds)',
    }),
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

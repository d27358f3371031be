#!/usr/bin/env node
// The HTTP load client of registry-token.mjs, in a process of its own so that the server's process
// does only the server's work (as the bare signing loop it is compared with does only signing).
// Usage: node _tokenClient.mjs <jobs.json> <clients>; jobs.json is [{ url, auth }]. Sends every job
// once over `clients` concurrent keep-alive connections and prints one JSON line: requests, seconds,
// p50/p99 ms, errors (and the first), distinct tokens received, one sample token, this process's CPU.
import fs from 'node:fs';
import http from 'node:http';

const [jobsFile, clientsArg] = process.argv.slice(2);
const jobs = JSON.parse(fs.readFileSync(jobsFile, 'utf8'));
const clients = Number(clientsArg);
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const get = (url, authorization) =>
  new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: { authorization } }, res => {
        let body = '';
        res.on('data', c => (body += c));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      })
      .on('error', reject);
  });

const latencies = [];
const tokens = new Set();
let next = 0;
let errors = 0;
let firstError;
let sample;
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
await Promise.all(
  Array.from({ length: clients }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const s = process.hrtime.bigint();
      const r = await get(job.url, job.auth);
      latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
      if (r.status !== 200) {
        errors++;
        firstError ??= `${r.status} ${r.body.slice(0, 200)}`;
      } else {
        const token = JSON.parse(r.body).token;
        tokens.add(token);
        sample ??= token;
      }
    }
  }),
);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
latencies.sort((a, b) => a - b);
const pct = p => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
agent.destroy();
console.log(
  JSON.stringify({
    requests: jobs.length,
    seconds,
    p50: pct(50),
    p99: pct(99),
    errors,
    firstError,
    distinctTokens: tokens.size,
    sample,
    cpuMs: (cpu.user + cpu.system) / 1000,
  }),
);

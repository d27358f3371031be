#!/usr/bin/env node
// Registry token service benchmark. Prints one JSON line:
//  - token issuance over HTTP (GET /api/registry/token, HTTP Basic with a personal access token) at 50
//    concurrent clients, with 1,000 repositories of 20 members each in SQLite: throughput, p50, p99;
//  - bare RS256 signing of the same token (jose, same key, same claims) in the same run, and the ratio;
//  - tags list latency for a repository with 1,000 tags in the REAL registry (scripts/infra.sh, temporary
//    state, free ports): first page of 50 and all 1,000 at once. Skipped (with a reason) without the registry.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, repoRoot } from './_portal.mjs';

const execFileP = promisify(execFile);
const require = createRequire(path.join(repoRoot, 'plugins/registry-backend/package.json'));
require('@backstage/cli/config/nodeTransform.cjs');
const express = require('express');
const knexFactory = require('knex');
const { ConfigReader } = require('@backstage/config');
const { createRegistryServices, createRouter } = require('@cellport/plugin-registry-backend');

const REPOS = 1000;
const MEMBERS = 20;
const GROUPS = 50;
const USERS = 500;
const CLIENTS = 50;
const REQUESTS = Number(process.env.BENCH_REQUESTS || 5000);
const SIGNS = Number(process.env.BENCH_SIGNS || 3000);

const logger = { info() {}, warn() {}, error() {}, debug() {}, child() { return logger; } };
const httpAuth = {
  async credentials() { const e = new Error('no user'); e.name = 'AuthenticationError'; throw e; },
  async issueUserCookie() { return { expiresAt: new Date() }; },
};
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-bench-registry-'));
  const out = { bench: 'registry-token', repositories: REPOS, membersPerRepository: MEMBERS, clients: CLIENTS };
  const backendPort = await freePort();
  const registryPort = await freePort();
  const env = { ...process.env, CELLPORT_STATE_DIR: tmp, CELLPORT_REGISTRY_PORT: String(registryPort), CELLPORT_BACKEND_URL: `http://127.0.0.1:${backendPort}` };
  let registryUp = false;
  let certs;
  try {
    await execFileP('bash', [path.join(repoRoot, 'scripts/infra.sh'), 'start', 'registry'], { env, timeout: 180_000 });
    registryUp = true;
    const dir = path.join(tmp, 'infra/registry');
    certs = { key: path.join(dir, 'certs/token.key'), cert: path.join(dir, 'certs/token.crt'), secret: path.join(dir, 'webhook.secret') };
  } catch (e) {
    out.tagsSkipped = `registry not started: ${String(e.stderr || e.message).split('\n').slice(-2).join(' ')}`;
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    certs = { key: path.join(tmp, 'k.pem'), cert: path.join(tmp, 'c.pem') };
    fs.writeFileSync(certs.key, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    fs.writeFileSync(certs.cert, publicKey.export({ type: 'spki', format: 'pem' }));
  }
  const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: path.join(tmp, 'registry.sqlite') }, useNullAsDefault: true });
  let server;
  try {
    const services = await createRegistryServices({
      config: new ConfigReader({ registry: { url: `http://127.0.0.1:${registryPort}`, tokenKeyFile: certs.key, tokenCertFile: certs.cert, ...(certs.secret ? { webhookSecretFile: certs.secret } : {}) } }),
      knex,
      logger,
    });
    const app = express();
    app.use('/api/registry', await createRouter({ ...services, httpAuth, logger }));
    app.use((err, _req, res, _next) => res.status(err.name === 'InputError' ? 400 : 500).json({ error: err.message }));
    server = await new Promise(r => { const s = app.listen(backendPort, '127.0.0.1', () => r(s)); });
    const base = `http://127.0.0.1:${backendPort}/api/registry`;

    // --- seed: 50 groups, 1,000 repositories, 20 members each, personal access tokens --------------
    const now = new Date();
    await knex.batchInsert('registry_groups', Array.from({ length: GROUPS }, (_, g) => ({ name: `g${g}`, visibility: 'private', description: '', created_by: 'user:default/u0', created_at: now })), 200);
    const repos = Array.from({ length: REPOS }, (_, i) => `g${i % GROUPS}/r${i}`);
    await knex.batchInsert('registry_repositories', repos.map(name => ({ name, group_name: name.split('/')[0], visibility: null, description: '', created_by: 'user:default/u0', created_at: now, pull_count: 0 })), 200);
    const roles = ['owner', 'master', 'developer', 'reporter', 'guest'];
    const members = [];
    repos.forEach((name, i) => { for (let m = 0; m < MEMBERS; m++) members.push({ kind: 'image-repository', name, member_ref: `user:default/u${(i * 7 + m * 13) % USERS}`, role: roles[m % 5], added_by: 'user:default/u0', created_at: now }); });
    const unique = [...new Map(members.map(m => [`${m.name} ${m.member_ref}`, m])).values()];
    await knex.batchInsert('registry_members', unique, 500);
    out.memberRows = unique.length;
    const pats = new Map();
    for (let u = 0; u < USERS; u++) {
      const t = await services.credentials.createToken(`user:default/u${u}`, 'bench', 30);
      pats.set(`u${u}`, t.token);
    }
    const jobs = Array.from({ length: REQUESTS }, (_, k) => {
      const m = unique[(k * 7919) % unique.length];
      const user = m.member_ref.split('/')[1];
      return { url: `${base}/token?service=cellport-registry&scope=${encodeURIComponent(`repository:${m.name}:pull,push`)}`, auth: `Basic ${Buffer.from(`${user}:${pats.get(user)}`).toString('base64')}` };
    });

    // --- token issuance over HTTP, 50 concurrent keep-alive clients -----------------------------------
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    const get = (url, auth) => new Promise((resolve, reject) => {
      http.get(url, { agent, headers: { authorization: auth } }, res => {
        let body = '';
        res.on('data', c => (body += c));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      }).on('error', reject);
    });
    for (let i = 0; i < 200; i++) await get(jobs[i].url, jobs[i].auth); // warm-up
    const latencies = [];
    let next = 0;
    let errors = 0;
    let sample;
    const t0 = process.hrtime.bigint();
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        const s = process.hrtime.bigint();
        const r = await get(job.url, job.auth);
        latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
        if (r.status !== 200) errors++;
        else sample ??= JSON.parse(r.body).token;
      }
    }));
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    latencies.sort((a, b) => a - b);
    out.tokenRequests = REQUESTS;
    out.tokenErrors = errors;
    out.tokenPerSecond = round(REQUESTS / seconds, 1);
    out.tokenP50Ms = round(pct(latencies, 50));
    out.tokenP99Ms = round(pct(latencies, 99));

    // --- bare RS256 signing of the same token ---------------------------------------------------------
    const claims = JSON.parse(Buffer.from(sample.split('.')[1], 'base64url').toString());
    const s0 = process.hrtime.bigint();
    for (let i = 0; i < SIGNS; i++) await services.issuer.issue(claims.sub, claims.access);
    const signSeconds = Number(process.hrtime.bigint() - s0) / 1e9;
    out.bareSignPerSecond = round(SIGNS / signSeconds, 1);
    out.tokenToSignRatio = round(out.tokenPerSecond / out.bareSignPerSecond, 3);

    // --- tags list for 1,000 tags in the real registry -------------------------------------------------
    if (registryUp) {
      const host = `127.0.0.1:${registryPort}`;
      await knex('registry_members').insert({ kind: 'image-group', name: 'g0', member_ref: 'user:default/bench', role: 'owner', added_by: 'x', created_at: now });
      await knex('registry_repositories').insert({ name: 'g0/tags', group_name: 'g0', visibility: null, description: '', created_by: 'x', created_at: now, pull_count: 0 });
      const tok = async actions => (await services.issuer.issue('bench', [{ type: 'repository', name: 'g0/tags', actions }])).token;
      const push = await tok(['pull', 'push']);
      const put = async (kind, digestOrRef, body, type) => {
        const r = await fetch(`http://${host}/v2/g0/tags/${kind}/${digestOrRef}`, { method: 'PUT', headers: { authorization: `Bearer ${push}`, 'content-type': type }, body });
        if (!r.ok && r.status !== 201) throw new Error(`PUT ${kind} ${r.status} ${await r.text()}`);
      };
      const blob = async data => {
        const digest = `sha256:${crypto.createHash('sha256').update(data).digest('hex')}`;
        const start = await fetch(`http://${host}/v2/g0/tags/blobs/uploads/`, { method: 'POST', headers: { authorization: `Bearer ${push}` } });
        const loc = new URL(start.headers.get('location'), `http://${host}`);
        loc.searchParams.set('digest', digest);
        const r = await fetch(loc, { method: 'PUT', headers: { authorization: `Bearer ${push}`, 'content-type': 'application/octet-stream' }, body: data });
        if (r.status !== 201) throw new Error(`blob upload ${r.status}`);
        return { digest, size: data.length };
      };
      const layer = await blob(crypto.randomBytes(1024));
      const t1 = Date.now();
      for (let i = 0; i < 1000; i++) {
        const config = await blob(Buffer.from(JSON.stringify({ created: new Date().toISOString(), architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] }, i })));
        const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }] });
        await put('manifests', `t${String(i).padStart(4, '0')}`, manifest, 'application/vnd.oci.image.manifest.v1+json');
      }
      out.tagsSeedSeconds = round((Date.now() - t1) / 1000, 1);
      // the portal API, as the frontend calls it (mock httpAuth replaced by a fixed user)
      httpAuth.credentials = async () => ({ principal: { type: 'user', userEntityRef: 'user:default/bench' } });
      const time = async (url, runs) => {
        const ms = [];
        let count = 0;
        for (let i = 0; i < runs; i++) {
          const s = process.hrtime.bigint();
          const r = await fetch(url);
          const body = await r.json();
          if (!r.ok) throw new Error(`tags ${r.status} ${JSON.stringify(body)}`);
          count = body.items.length;
          ms.push(Number(process.hrtime.bigint() - s) / 1e6);
        }
        ms.sort((a, b) => a - b);
        return { count, p50: round(pct(ms, 50)), max: round(ms[ms.length - 1]) };
      };
      const page = await time(`${base}/repositories/g0/tags/tags?limit=50`, 20);
      const all = await time(`${base}/repositories/g0/tags/tags?limit=1000`, 3);
      out.tagsTotal = 1000;
      out.tagsPage50P50Ms = page.p50;
      out.tagsPage50Count = page.count;
      out.tagsAll1000P50Ms = all.p50;
      out.tagsAll1000MaxMs = all.max;
      out.tagsAll1000Count = all.count;
    }
    agent.destroy();
  } finally {
    await new Promise(r => (server ? server.close(r) : r()));
    await knex.destroy();
    if (registryUp) await execFileP('bash', [path.join(repoRoot, 'scripts/infra.sh'), 'stop', 'registry'], { env }).catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(JSON.stringify(out));
}

main().catch(e => {
  console.log(JSON.stringify({ bench: 'registry-token', error: String(e.stack || e) }));
  process.exit(1);
});

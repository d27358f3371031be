// Worker thread of the overview benchmark (cells-views.mjs): the viewers, off the backend's event
// loop as real viewers are (their CPU still counts in the process's CPU time). workerData:
// { url, authorization, mode ('fresh' | 'conditional'), viewers, warmRequests, requests,
// intervalMs? (each viewer asks every intervalMs, the viewers spread over it, as pages polling;
// without it they ask back to back) }.
// Runs the cold burst (every viewer's first requests, connections opened at once), posts
// { phase: 'warm', result }, waits for 'go', runs the measured requests and posts
// { phase: 'done', result, statuses }. A result is { ms (sorted), errors, firstError, wallMs }.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import zlib from 'node:zlib';

const { url, authorization, mode, viewers, warmRequests, requests, intervalMs } = workerData;
const sleep = ms => new Promise(r => setTimeout(r, Math.max(0, ms)));
// one connection per viewer, as browsers of different people have
const agent = new http.Agent({ keepAlive: true, maxSockets: viewers });
let lastEtag;

/**
 * One view as a browser makes it: gzip accepted, If-None-Match with the last ETag when
 * conditional. Resolves the status and the time to the last byte (a 200's body gunzipped and
 * parsed; a cell in error counts as an error).
 */
function view() {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const etag = mode === 'conditional' ? lastEtag : undefined;
    const headers = { authorization, accept: 'application/json', 'accept-encoding': 'gzip', ...(etag ? { 'if-none-match': etag } : {}) };
    http.get(url, { agent, headers }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const wire = Buffer.concat(chunks);
        if (res.headers.etag) lastEtag = res.headers.etag;
        let failed;
        if (res.statusCode === 200) {
          const body = JSON.parse((res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(wire) : wire).toString());
          failed = body.cells?.filter(c => c.error).map(c => c.error);
        }
        const ms = performance.now() - start;
        resolve(failed?.length ? { status: 'cell error', error: failed.join('; '), ms } : { status: res.statusCode, ms });
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** `count` views on `viewers` concurrent loops (paced by `paced`); a 304 is a complete answer. */
async function run(count, statuses = {}, paced = undefined) {
  const ms = [];
  let next = 0;
  let errors = 0;
  let firstError;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: viewers }, async (_, i) => {
    let due = t0 + (paced ? (i * paced) / viewers : 0);
    while (next < count) {
      next++;
      await sleep(due - performance.now());
      due += paced ?? 0;
      const res = await view();
      ms.push(res.ms);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status !== 200 && res.status !== 304) {
        errors++;
        firstError ??= `${res.status} ${res.error ?? ''}`;
      }
    }
  }));
  ms.sort((a, b) => a - b);
  return { ms, errors, firstError, wallMs: performance.now() - t0 };
}

parentPort.postMessage({ phase: 'warm', result: await run(warmRequests) });
parentPort.once('message', async () => {
  const statuses = {};
  const result = await run(requests, statuses, intervalMs);
  agent.destroy();
  parentPort.postMessage({ phase: 'done', result, statuses });
});

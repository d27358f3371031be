/**
 * The running portal's LB group dev-public as the slb end-to-end tests use it: users' tokens from a
 * real sign-in, the cells and slb APIs, the two local Nginx hosts and their agents.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { HttpLoadResult } from '@cellport/test-utils';
import { launchBrowser, recordToken, signInAs } from '../lib/browser';

const execFileP = promisify(execFile);
/** The repository (tests run in test/). */
export const ROOT = process.env.CELLPORT_ROOT ?? path.resolve(process.cwd(), '..');

/** The local hosts of dev-public (scripts/slb-agents.sh). */
export const HOSTS = [
  { host: 'lb-1', address: '127.0.0.11' },
  { host: 'lb-2', address: '127.0.0.12' },
];
export const slbPort = () => Number(process.env.CELLPORT_SLB_PORT ?? 8280);
export const metricsPort = () => Number(process.env.CELLPORT_SLB_METRICS_PORT ?? 8282);
export const hostUrl = (address: string) => `http://${address}:${slbPort()}/`;

/** Signs each user in through the development OIDC provider; their Backstage tokens. */
export async function signInTokens(url: string, users: string[]): Promise<Record<string, string>> {
  const browser = await launchBrowser();
  const out: Record<string, string> = {};
  try {
    for (const user of users) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const token = recordToken(page, 'cells');
      await page.goto(`${url}/cells`);
      await signInAs(page, user);
      for (let i = 0; i < 100; i++) {
        try {
          out[user] = token();
          break;
        } catch {
          await page.waitForTimeout(200);
        }
      }
      out[user] ??= token();
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}

/** An answer of the API. */
export interface Answer<T = any> {
  status: number;
  body: T;
}

/** A portal API (`/api/<plugin>`) as one user. */
export class PortalApi {
  constructor(
    private readonly url: string,
    private readonly plugin: string,
    private readonly token: string,
  ) {}

  async call<T = any>(method: string, p: string, body?: unknown): Promise<Answer<T>> {
    const res = await fetch(`${this.url}/api/${this.plugin}${p}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // text
    }
    return { status: res.status, body: parsed };
  }

  async expect<T = any>(status: number, method: string, p: string, body?: unknown): Promise<T> {
    const res = await this.call<T>(method, p, body);
    if (res.status !== status) {
      throw new Error(`${method} ${p}: expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
    }
    return res.body;
  }
}

/** An agent's own status (its /status endpoint). */
export async function agentStatus(address: string): Promise<{ revision: number; reloads: number; errors: Record<string, string> }> {
  const res = await fetch(`http://${address}:${metricsPort()}/status`, { signal: AbortSignal.timeout(3000) });
  if (!res.ok) throw new Error(`agent at ${address}: ${res.status}`);
  return (await res.json()) as any;
}

/** Runs a repository script with the test instance's environment. */
export async function script(name: string, ...args: string[]): Promise<string> {
  const { stdout, stderr } = await execFileP('bash', [path.join(ROOT, 'scripts', name), ...args], {
    cwd: ROOT,
    env: process.env,
    timeout: 180_000,
  });
  return `${stdout}${stderr}`;
}

/**
 * Asserts that load through the Nginx hosts lost nothing: at least `minRate` requests/s over all
 * hosts, no non-2xx answer, no socket error. Prints the totals under `label`.
 */
export function expectNoFailure(label: string, results: HttpLoadResult[], minRate = 500) {
  const total = results.reduce((n, r) => n + r.requests, 0);
  const seconds = Math.max(...results.map(r => r.durationMs)) / 1000;
  // eslint-disable-next-line no-console
  console.log(`${label}: ${total} requests in ${seconds.toFixed(1)} s = ${(total / seconds).toFixed(0)} req/s`, results.map(r => r.statuses));
  expect(total / seconds).toBeGreaterThanOrEqual(minRate);
  for (const r of results) {
    expect({ non2xx: r.non2xx, socketErrors: r.socketErrors, samples: r.errorSamples }).toEqual({
      non2xx: 0,
      socketErrors: 0,
      samples: [],
    });
  }
}

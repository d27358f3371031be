/**
 * The client of the Lua admin endpoint: upstream server lists in, request counters out.
 */
import { SlbUpstream } from '@cellport/plugin-slb-common';

/**
 * The admin endpoint's body for a set of upstreams: one line per upstream,
 * `<app>:<port> ip:port=weight,...`, servers sorted so the same set gives the same bytes.
 */
export function upstreamsBody(upstreams: ReadonlyMap<string, SlbUpstream>): string {
  return [...upstreams.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, u]) => {
      const servers = [...u.servers]
        .sort((a, b) => a.address.localeCompare(b.address))
        .map(s => `${s.address}=${s.weight}`)
        .join(',');
      return `${id} ${servers}`;
    })
    .join('\n');
}

/** One counter of the Lua stats dict. */
export interface LuaStat {
  key: string;
  value: number;
}

/** Talks to the admin server of one Nginx. */
export class AdminClient {
  constructor(private readonly baseUrl: string) {}

  /** Replaces the whole upstream set (lines of {@link upstreamsBody}). */
  async putUpstreams(body: string): Promise<void> {
    const res = await fetch(`${this.baseUrl}/cellport/upstreams`, {
      method: 'PUT',
      body,
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) {
      throw new Error(
        `nginx admin refused the upstreams: ${res.status} ${(await res.text()).trim()}`,
      );
    }
  }

  /** The upstream set Nginx holds, as sent. */
  async getUpstreams(): Promise<string> {
    const res = await fetch(`${this.baseUrl}/cellport/upstreams`, {
      signal: AbortSignal.timeout(5000),
    });
    return (await res.text()).trim();
  }

  /** The request counters. */
  async getStats(): Promise<LuaStat[]> {
    const res = await fetch(`${this.baseUrl}/cellport/stats`, {
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`nginx admin stats: ${res.status}`);
    const out: LuaStat[] = [];
    for (const line of (await res.text()).split('\n')) {
      const space = line.lastIndexOf(' ');
      if (space > 0) out.push({ key: line.slice(0, space), value: Number(line.slice(space + 1)) });
    }
    return out;
  }
}

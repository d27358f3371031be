/**
 * The etcd key layout of an LB group. Every key of a group lives under `/slb/{group}/`, which is
 * what the group's agents watch:
 *
 * - `/slb/{group}/domains/{domain}`: a {@link SlbDomain} (written by the portal);
 * - `/slb/{group}/upstreams/{app}:{port}`: an {@link SlbUpstream}, the servers of one app port
 *   (written by the service discovery; changing it never reloads Nginx);
 * - `/slb/{group}/agents/{host}`: an {@link SlbAgentStatus} under the agent's lease.
 *
 * etcd's revision is the group revision: every write bumps it, and an agent reports the revision
 * it has applied.
 */

/** @public */
export const slbKeys = {
  /** The prefix every key of the group shares. */
  group: (group: string) => `/slb/${group}/`,
  /** The prefix of the group's domains. */
  domains: (group: string) => `/slb/${group}/domains/`,
  /** One domain. */
  domain: (group: string, domain: string) => `/slb/${group}/domains/${domain}`,
  /** The prefix of the group's upstreams. */
  upstreams: (group: string) => `/slb/${group}/upstreams/`,
  /** The servers of one app port. */
  upstream: (group: string, app: string, port: number) =>
    `/slb/${group}/upstreams/${upstreamId(app, port)}`,
  /** The prefix of the group's agents. */
  agents: (group: string) => `/slb/${group}/agents/`,
  /** One agent (host) of the group. */
  agent: (group: string, host: string) => `/slb/${group}/agents/${host}`,
};

/**
 * The id of an app port's upstream, `{app}:{port}`.
 *
 * @public
 */
export function upstreamId(app: string, port: number): string {
  return `${app}:${port}`;
}

/**
 * The Nginx upstream block name of an app port, `cp_{app}_{port}`.
 *
 * @public
 */
export function upstreamBlockName(app: string, port: number): string {
  return `cp_${app}_${port}`;
}

/**
 * What a key of a group is: a domain, an upstream or an agent, with its name; `undefined` for
 * keys outside the layout.
 *
 * @public
 */
export function parseSlbKey(
  group: string,
  key: string,
): { kind: 'domain' | 'upstream' | 'agent'; name: string } | undefined {
  const prefix = slbKeys.group(group);
  if (!key.startsWith(prefix)) return undefined;
  const rest = key.slice(prefix.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return undefined;
  const name = rest.slice(slash + 1);
  if (!name || name.includes('/')) return undefined;
  switch (rest.slice(0, slash)) {
    case 'domains':
      return { kind: 'domain', name };
    case 'upstreams':
      return { kind: 'upstream', name };
    case 'agents':
      return { kind: 'agent', name };
    default:
      return undefined;
  }
}

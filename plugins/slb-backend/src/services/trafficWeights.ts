/**
 * Canary traffic weights: the upstream server weights that give a release's new version its
 * share of an upstream's traffic whatever the replica counts (1 new pod and 4 old ones at 10%:
 * the new pod gets 10% of the requests, each old one 22.5%).
 */
import { UpstreamServer } from '@cellport/plugin-slb-common';

/** The largest weight of a server (the upstream schema's bound). */
export const MAX_WEIGHT = 10000;

/** The share of one upstream's traffic a release gives its new version. */
export interface VersionShare {
  version: string;
  /** 0–100. */
  percent: number;
}

/**
 * Weighs the servers for the share: the new version's servers together get `percent` of the
 * total weight, the others the rest, evenly inside each side. The heavier side's servers get the
 * largest weight, so integer rounding costs at most a few hundredths of a percent (the ratio of
 * two servers saturates at 1:10000). Without a share, or when one side has no server (nothing to
 * share with), every server gets weight 1 (traffic by replicas). A side with share 0 gets weight
 * 0: no new requests (a retry of a failed request may still reach it while it drains).
 */
export function weighServers(
  servers: readonly UpstreamServer[],
  share: VersionShare | undefined,
): UpstreamServer[] {
  const isNew = (s: UpstreamServer) => s.version === share?.version;
  const fresh = servers.filter(isNew).length;
  const old = servers.length - fresh;
  if (!share || fresh === 0 || old === 0) {
    return servers.map(s => ({ ...s, weight: 1 }));
  }
  const percent = Math.min(100, Math.max(0, share.percent));
  let newWeight: number;
  let oldWeight: number;
  if (percent === 0 || percent === 100) {
    newWeight = percent === 100 ? 1 : 0;
    oldWeight = percent === 100 ? 0 : 1;
  } else {
    // one new server's weight over one old server's
    const ratio = (percent * old) / ((100 - percent) * fresh);
    const scaled = (r: number) => Math.max(1, Math.round(MAX_WEIGHT * r));
    newWeight = ratio >= 1 ? MAX_WEIGHT : scaled(ratio);
    oldWeight = ratio >= 1 ? scaled(1 / ratio) : MAX_WEIGHT;
  }
  return servers.map(s => ({ ...s, weight: isNew(s) ? newWeight : oldWeight }));
}

/**
 * The share of the new version's servers in the total weight (0–1), as Nginx will send traffic.
 */
export function newVersionFraction(
  servers: readonly UpstreamServer[],
  version: string,
): number {
  const total = servers.reduce((n, s) => n + s.weight, 0);
  if (total === 0) return 0;
  return servers.filter(s => s.version === version).reduce((n, s) => n + s.weight, 0) / total;
}

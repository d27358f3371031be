/**
 * Draining marks: `/slb/{group}/draining/{app}/{cell}/{ip}`, written before pods are taken out of
 * the upstreams so the service discovery does not put them back while they still look ready.
 * Agents ignore these keys. The discovery deletes a mark once the pod is gone; a lease bounds it.
 */
import { Etcd3 } from 'etcd3';
import { slbKeys } from '@cellport/plugin-slb-common';

const MARK_TTL_SECONDS = 600;

/** The prefix of an app's marks in a group. */
export function drainingPrefix(group: string, app: string): string {
  return `${slbKeys.group(group)}draining/${app}/`;
}

/** Writes marks for the pod IPs of a cell. */
export async function markDraining(
  client: Etcd3,
  group: string,
  app: string,
  cell: string,
  ips: string[],
): Promise<void> {
  const lease = client.lease(MARK_TTL_SECONDS, { autoKeepAlive: false });
  for (const ip of ips) {
    await lease.put(`${drainingPrefix(group, app)}${cell}/${ip}`).value('draining');
  }
}

/** The marked IPs by cell, from the keys under an app's prefix ({@link drainingPrefix}). */
export function drainingOf(prefix: string, keys: string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of keys) {
    const [cell, ip] = key.slice(prefix.length).split('/');
    if (!cell || !ip) continue;
    if (!out.has(cell)) out.set(cell, new Set());
    out.get(cell)!.add(ip);
  }
  return out;
}

/** Deletes the marks of IPs no longer among a cell's endpoints. */
export async function clearDraining(
  client: Etcd3,
  group: string,
  app: string,
  cell: string,
  ips: string[],
): Promise<void> {
  for (const ip of ips) {
    await client.delete().key(`${drainingPrefix(group, app)}${cell}/${ip}`).exec();
  }
}

import type { ActivityDetailKey } from '@cellport/plugin-access-react';
import { describeActivityDetails } from '@cellport/plugin-access-react';
import type { RegistryActivity } from '@cellport/plugin-registry-common';

/** The registry's own activity details (people, roles and visibility are the access library's). */
export const REGISTRY_DETAIL_KEYS: ActivityDetailKey[] = [
  { key: 'tag', monospace: true },
  { key: 'robot', monospace: true },
  { key: 'from' },
  { key: 'to' },
  { key: 'scopes' },
  { key: 'digest', label: '', monospace: true, format: d => d.slice(0, 19) },
];

/** A plain-text summary of a registry activity entry's details (tag, digest, member, role, ...). */
export function describeActivity(a: RegistryActivity): string {
  return describeActivityDetails(a.details, REGISTRY_DETAIL_KEYS);
}

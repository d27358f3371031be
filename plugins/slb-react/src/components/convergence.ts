import { DomainView } from '@cellport/plugin-slb-common';

/** A domain's convergence across the hosts of its LB group, as one label. */
export interface Convergence {
  level: 'converged' | 'behind' | 'error' | 'no-host';
  /** e.g. `2/2 hosts at r41`, `1 of 2 hosts behind`. */
  label: string;
  /** Per host detail (errors as the host reported them). */
  detail?: string;
}

/** Sums up the hosts of a domain view: errors first, then lag. */
export function convergenceOf(view: DomainView): Convergence {
  const hosts = view.hosts;
  if (hosts.length === 0) {
    return { level: 'no-host', label: 'no live host' };
  }
  const detail = hosts
    .map(
      h =>
        `${h.host}: r${h.revision}${h.lag ? `, ${h.lag} behind` : ''}${
          h.error ? ` — ${h.error}` : ''
        }`,
    )
    .join('\n');
  const failing = hosts.filter(h => h.error);
  if (failing.length > 0) {
    return {
      level: 'error',
      label: `${failing.length} of ${hosts.length} ${
        hosts.length === 1 ? 'host' : 'hosts'
      } refused the config`,
      detail,
    };
  }
  const behind = hosts.filter(h => h.lag > 0);
  if (behind.length > 0) {
    return {
      level: 'behind',
      label: `${behind.length} of ${hosts.length} ${
        hosts.length === 1 ? 'host' : 'hosts'
      } behind`,
      detail,
    };
  }
  return {
    level: 'converged',
    label: `${hosts.length}/${hosts.length} hosts at r${view.revision}`,
    detail,
  };
}

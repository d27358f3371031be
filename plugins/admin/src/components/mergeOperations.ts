/** Merges the per-day operations the cells, registry and builds backends count into one series. */
import type { OperationsDay } from '../api';

/** The operations a day counts, in the order the chart and the totals show them. */
export const OPERATION_KINDS = [
  { key: 'deploys', label: 'Deploys', color: '#1f77b4' },
  { key: 'releases', label: 'Releases', color: '#2ca02c' },
  { key: 'rollbacks', label: 'Rollbacks', color: '#d62728' },
  { key: 'scalings', label: 'Scalings', color: '#9467bd' },
  { key: 'builds', label: 'Builds', color: '#ff7f0e' },
  { key: 'pushes', label: 'Pushes', color: '#17becf' },
] as const;

/** One of {@link OPERATION_KINDS}' keys. */
export type OperationKind = (typeof OPERATION_KINDS)[number]['key'];

type Days<K extends string> = Array<{ date: string } & Partial<Record<K, number>>> | undefined;

/**
 * One row per date any source has (sorted oldest first), zeros where a source has no row or
 * could not be read.
 */
export function mergeOperations(sources: {
  cells?: Days<'deploys' | 'releases' | 'rollbacks' | 'scalings'>;
  registry?: Days<'pushes'>;
  builds?: Days<'builds' | 'failed'>;
}): OperationsDay[] {
  const byDate = new Map<string, OperationsDay>();
  const day = (date: string) => {
    let d = byDate.get(date);
    if (!d) {
      d = { date, deploys: 0, releases: 0, rollbacks: 0, scalings: 0, builds: 0, failedBuilds: 0, pushes: 0 };
      byDate.set(date, d);
    }
    return d;
  };
  for (const c of sources.cells ?? []) {
    Object.assign(day(c.date), {
      deploys: c.deploys ?? 0,
      releases: c.releases ?? 0,
      rollbacks: c.rollbacks ?? 0,
      scalings: c.scalings ?? 0,
    });
  }
  for (const r of sources.registry ?? []) day(r.date).pushes = r.pushes ?? 0;
  for (const b of sources.builds ?? []) {
    Object.assign(day(b.date), { builds: b.builds ?? 0, failedBuilds: b.failed ?? 0 });
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** Each kind's total over the days. */
export function totals(days: OperationsDay[]): Record<OperationKind, number> {
  const out = Object.fromEntries(OPERATION_KINDS.map(k => [k.key, 0])) as Record<OperationKind, number>;
  for (const d of days) for (const k of OPERATION_KINDS) out[k.key] += d[k.key];
  return out;
}

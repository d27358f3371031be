/**
 * The order of Kubernetes events newest first. Events carry times of different precision: the
 * controller manager's core/v1 events have whole-second `lastTimestamp`s, the scheduler's
 * (events.k8s.io) have `eventTime` and `series.lastObservedTime` in microseconds. Comparing them
 * as they are puts a delete at 23.75 s (recorded `23`) under a schedule at 23.189 s. So times are
 * compared at the precision they all have (the second); within one second, events of one cell
 * are ordered by resourceVersion (the order the apiserver wrote them), ties broken stably.
 */
import { CoreV1Event } from '@kubernetes/client-node';
import { AppEvent } from '@cellport/plugin-cells-common';

function ms(value: Date | string | undefined | null): number | undefined {
  if (value === undefined || value === null) return undefined;
  const t = (value instanceof Date ? value : new Date(value)).getTime();
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The best time an event has for its last occurrence: the latest of `series.lastObservedTime`,
 * `eventTime` and `lastTimestamp` (within one second the more precise one), else
 * `firstTimestamp` or the creation time.
 */
export function bestEventTime(event: CoreV1Event): Date {
  const precise = [event.series?.lastObservedTime, event.eventTime].map(ms);
  const candidates = [...precise, ms(event.lastTimestamp)].filter(
    (t): t is number => t !== undefined,
  );
  let best: number | undefined;
  for (const t of candidates) {
    // a later second wins; within the same second, the first (more precise) one stays
    if (best === undefined || Math.floor(t / 1000) > Math.floor(best / 1000))
      best = t;
  }
  best ??=
    ms(event.firstTimestamp) ?? ms(event.metadata?.creationTimestamp) ?? 0;
  return new Date(best);
}

function compareResourceVersions(
  a: string | undefined,
  b: string | undefined,
): number {
  // newest (highest) first; etcd revisions are integers, others compare as text; missing last
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    return a.length !== b.length ? b.length - a.length : b.localeCompare(a);
  }
  return b.localeCompare(a);
}

/**
 * Newest first: by the second of `at`; within a second, cell by cell (a name order: times of two
 * clusters within one second cannot be ordered), then by resourceVersion, then by `at`, then by
 * object, reason and message. A total order, so the result is the same whatever order the cells
 * answered in.
 */
export function compareEventsNewestFirst(a: AppEvent, b: AppEvent): number {
  const ta = Date.parse(a.at);
  const tb = Date.parse(b.at);
  return (
    Math.floor(tb / 1000) - Math.floor(ta / 1000) ||
    a.cell.localeCompare(b.cell) ||
    compareResourceVersions(a.resourceVersion, b.resourceVersion) ||
    tb - ta ||
    a.object.localeCompare(b.object) ||
    a.reason.localeCompare(b.reason) ||
    a.message.localeCompare(b.message)
  );
}

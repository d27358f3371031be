import { KubeObject, clone, deepEqual } from '../util/objects';
import { safeHash } from '../util/ids';

/** Annotation keys the deployment controller maintains. */
export const ANN = {
  revision: 'deployment.kubernetes.io/revision',
  desired: 'deployment.kubernetes.io/desired-replicas',
  max: 'deployment.kubernetes.io/max-replicas',
};

/** Resolves an int-or-percent against a total. */
export function resolveIntOrPercent(v: unknown, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  const s = String(v);
  if (s.endsWith('%')) {
    const x = (Number(s.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(x) : Math.floor(x);
  }
  return Number(s);
}

/** maxSurge and maxUnavailable of a RollingUpdate deployment (never both 0). */
export function surgeAndUnavailable(d: KubeObject): { maxSurge: number; maxUnavailable: number } {
  const replicas = d.spec.replicas ?? 1;
  const ru = d.spec.strategy?.rollingUpdate ?? {};
  const maxSurge = resolveIntOrPercent(ru.maxSurge ?? '25%', replicas, true);
  let maxUnavailable = resolveIntOrPercent(ru.maxUnavailable ?? '25%', replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  if (maxUnavailable > replicas) maxUnavailable = replicas;
  return { maxSurge, maxUnavailable };
}

/** pod-template-hash of a deployment's template. */
export function templateHash(template: unknown, collisionCount = 0): string {
  return safeHash(JSON.stringify(template) + (collisionCount ? String(collisionCount) : ''));
}

/** Whether a ReplicaSet's template equals the deployment template (ignoring pod-template-hash). */
export function templateMatches(rs: KubeObject, template: any): boolean {
  const t = clone(rs.spec?.template ?? {});
  if (t.metadata?.labels) {
    delete t.metadata.labels['pod-template-hash'];
  }
  const d = clone(template ?? {});
  if (d.metadata?.labels) delete d.metadata.labels['pod-template-hash'];
  return deepEqual(t, d);
}

/** Revision number of a ReplicaSet. */
export function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[ANN.revision] ?? 0);
}

/** A deployment condition. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

/** Sets a condition keeping lastTransitionTime when the status does not change. */
export function setCondition(conditions: Condition[], next: Condition, now: string): Condition[] {
  const existing = conditions.find(c => c.type === next.type);
  if (existing && existing.status === next.status && existing.reason === next.reason && existing.message === next.message) {
    return conditions;
  }
  const updated: Condition = {
    type: next.type,
    status: next.status,
    lastUpdateTime: now,
    lastTransitionTime: existing && existing.status === next.status ? existing.lastTransitionTime : now,
    reason: next.reason,
    message: next.message,
  };
  return [...conditions.filter(c => c.type !== next.type), updated];
}

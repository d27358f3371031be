import type {
  CoreV1Event,
  V1Deployment,
  V1EndpointSlice,
  V1Endpoints,
  V1Pod,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import {
  AppEvent,
  CellVersionStatus,
  PodSummary,
} from '@cellport/plugin-cells-common';
import { bestEventTime } from './eventOrder';
import { CELLPORT_LABELS } from './types';

function iso(value: Date | string | undefined): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function millis(value: Date | string | undefined): number {
  const text = iso(value);
  return text ? Date.parse(text) : 0;
}

/** Whether the pod's Ready condition is True. */
export function isPodReady(pod: V1Pod): boolean {
  return (
    pod.status?.conditions?.some(
      c => c.type === 'Ready' && c.status === 'True',
    ) ?? false
  );
}

/** A pod that counts towards its ReplicaSet: not being deleted, not finished. */
export function isPodActive(pod: V1Pod): boolean {
  const phase = pod.status?.phase;
  return (
    !pod.metadata?.deletionTimestamp &&
    phase !== 'Succeeded' &&
    phase !== 'Failed'
  );
}

function restartsOf(pod: V1Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce(
    (sum, c) => sum + (c.restartCount ?? 0),
    0,
  );
}

/**
 * What `kubectl get pods` would show in its STATUS column, simplified: `Terminating` for a pod
 * being deleted, a container's waiting or terminated reason (`CrashLoopBackOff`,
 * `ImagePullBackOff`, `Error`, ...) when there is one, else the phase.
 *
 * @public
 */
export function podStatusText(pod: V1Pod): string {
  if (pod.metadata?.deletionTimestamp) {
    return 'Terminating';
  }
  const phase = pod.status?.phase ?? 'Unknown';
  if (phase === 'Succeeded' || phase === 'Failed') {
    return pod.status?.reason ?? phase;
  }
  for (const c of pod.status?.containerStatuses ?? []) {
    const waiting = c.state?.waiting?.reason;
    if (waiting) {
      return waiting;
    }
    const terminated = c.state?.terminated;
    if (terminated) {
      return terminated.reason ?? (terminated.exitCode ? 'Error' : 'Completed');
    }
  }
  return phase;
}

/**
 * A pod as the app views show it.
 *
 * @public
 */
export function podSummary(cell: string, pod: V1Pod): PodSummary {
  return {
    name: pod.metadata?.name ?? '',
    cell,
    version: pod.metadata?.labels?.[CELLPORT_LABELS.version],
    ip: pod.status?.podIP || undefined,
    node: pod.spec?.nodeName || undefined,
    status: podStatusText(pod),
    ready: isPodReady(pod),
    restarts: restartsOf(pod),
    createdAt: iso(pod.metadata?.creationTimestamp),
    containers: (pod.spec?.containers ?? []).map(c => c.name),
  };
}

function readySince(pod: V1Pod): number {
  const ready = pod.status?.conditions?.find(c => c.type === 'Ready');
  return ready?.status === 'True' ? millis(ready.lastTransitionTime) : 0;
}

/**
 * Orders pods the way the ReplicaSet controller picks the ones to delete on scale-down
 * (`controller.ActivePods` ranking): unscheduled before scheduled, Pending before Unknown before
 * Running, not ready before ready, the most recently ready first, more restarts first, newest
 * first. The first `n` are the pods a scale-down by `n` removes.
 *
 * @public
 */
export function rankPodsForDeletion(pods: V1Pod[]): V1Pod[] {
  const phaseRank = (p: V1Pod) =>
    ({ Pending: 0, Unknown: 1, Running: 2 }[
      p.status?.phase as 'Pending' | 'Unknown' | 'Running'
    ] ?? 1);
  return [...pods].sort((a, b) => {
    const scheduled = (p: V1Pod) => (p.spec?.nodeName ? 1 : 0);
    if (scheduled(a) !== scheduled(b)) return scheduled(a) - scheduled(b);
    if (phaseRank(a) !== phaseRank(b)) return phaseRank(a) - phaseRank(b);
    const ready = (p: V1Pod) => (isPodReady(p) ? 1 : 0);
    if (ready(a) !== ready(b)) return ready(a) - ready(b);
    if (ready(a) && ready(b) && readySince(a) !== readySince(b)) {
      return readySince(b) - readySince(a);
    }
    if (restartsOf(a) !== restartsOf(b)) return restartsOf(b) - restartsOf(a);
    return (
      millis(b.metadata?.creationTimestamp) -
      millis(a.metadata?.creationTimestamp)
    );
  });
}

/**
 * A version's Deployment (and HPA, when it has one) as the app views show it.
 *
 * @public
 */
export function versionStatus(
  deployment: V1Deployment,
  hpa?: V2HorizontalPodAutoscaler,
): CellVersionStatus {
  const labels = deployment.metadata?.labels ?? {};
  const container =
    deployment.spec?.template.spec?.containers.find(c => c.name === 'app') ??
    deployment.spec?.template.spec?.containers[0];
  return {
    version: labels[CELLPORT_LABELS.version] ?? deployment.metadata?.name ?? '',
    image: container?.image ?? '',
    desired: deployment.spec?.replicas ?? 0,
    ready: deployment.status?.readyReplicas ?? 0,
    updated: deployment.status?.updatedReplicas ?? 0,
    available: deployment.status?.availableReplicas ?? 0,
    ...(hpa
      ? {
          autoscaling: {
            min: hpa.spec?.minReplicas ?? 1,
            max: hpa.spec?.maxReplicas ?? 1,
            current: hpa.status?.currentReplicas,
          },
        }
      : {}),
  };
}

/**
 * The statuses of an app's version Deployments, newest first, each with its HPA (same name).
 *
 * @public
 */
export function versionStatuses(
  deployments: V1Deployment[],
  hpas: V2HorizontalPodAutoscaler[],
): CellVersionStatus[] {
  const hpaByName = new Map(hpas.map(h => [h.metadata?.name ?? '', h]));
  return [...deployments]
    .sort(
      (a, b) =>
        millis(b.metadata?.creationTimestamp) -
        millis(a.metadata?.creationTimestamp),
    )
    .map(d => versionStatus(d, hpaByName.get(d.metadata?.name ?? '')));
}

/**
 * The pods of one cell as the app views show them, sorted by name.
 *
 * @public
 */
export function podSummaries(cell: string, pods: V1Pod[]): PodSummary[] {
  return pods
    .map(p => podSummary(cell, p))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A Kubernetes event of the app's namespace as the app views show it.
 *
 * @public
 */
export function eventSummary(cell: string, event: CoreV1Event): AppEvent {
  const object = event.involvedObject;
  return {
    cell,
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    message: event.message ?? '',
    object: `${object?.kind ?? ''}/${object?.name ?? ''}`,
    count: event.count ?? event.series?.count ?? 1,
    at: bestEventTime(event).toISOString(),
    ...(event.metadata?.resourceVersion
      ? { resourceVersion: event.metadata.resourceVersion }
      : {}),
  };
}

/** The addresses EndpointSlices send traffic to (endpoints whose `ready` is not false). */
export function readyAddressesOfSlices(slices: V1EndpointSlice[]): Set<string> {
  const addresses = new Set<string>();
  for (const slice of slices) {
    for (const endpoint of slice.endpoints ?? []) {
      if (endpoint.conditions?.ready === false) {
        continue;
      }
      endpoint.addresses.forEach(a => addresses.add(a));
    }
  }
  return addresses;
}

/** The ready addresses of an Endpoints object. */
export function readyAddressesOfEndpoints(
  endpoints: V1Endpoints | undefined,
): Set<string> {
  const addresses = new Set<string>();
  for (const subset of endpoints?.subsets ?? []) {
    (subset.addresses ?? []).forEach(a => addresses.add(a.ip));
  }
  return addresses;
}

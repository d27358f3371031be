import { ClusterApi } from '../api/ClusterApi';
import { resourceForKind } from '../api/resources';
import { ObjectStore } from '../store/ObjectStore';
import { KubeObject, OwnerReference } from '../util/objects';
import { EventRecorder } from './EventRecorder';

/** What every controller gets. */
export interface ControllerContext {
  api: ClusterApi;
  store: ObjectStore;
  events: EventRecorder;
  /** Reports unexpected controller errors. */
  onError: (controller: string, key: string, error: unknown) => void;
}

/** A running controller. */
export interface Controller {
  stop(): void;
}

/** Manager name of the controller manager in managedFields and events. */
export const KCM = 'kube-controller-manager';

/** Resource types used by the controllers. */
export const RT = {
  get pod() { return resourceForKind('Pod'); },
  get rs() { return resourceForKind('ReplicaSet'); },
  get deploy() { return resourceForKind('Deployment'); },
  get svc() { return resourceForKind('Service'); },
  get ep() { return resourceForKind('Endpoints'); },
  get eps() { return resourceForKind('EndpointSlice'); },
  get node() { return resourceForKind('Node'); },
  get ns() { return resourceForKind('Namespace'); },
  get hpa() { return resourceForKind('HorizontalPodAutoscaler'); },
};

/** The controller owner reference of an object, if any. */
export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find(r => r.controller);
}

/** `namespace/name` key. */
export function keyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** Splits a `namespace/name` key. */
export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** Pod Ready condition status. */
export function isPodReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

/** Time the pod became ready (ms), or undefined. */
export function podReadySince(pod: KubeObject): number | undefined {
  const c = (pod.status?.conditions ?? []).find((x: any) => x.type === 'Ready' && x.status === 'True');
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : undefined;
}

/** Whether a pod is active (counted by controllers). */
export function isPodActive(pod: KubeObject): boolean {
  return !pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

/** Whether a ready pod has been ready for minReadySeconds (available). */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now = Date.now()): boolean {
  if (!isPodReady(pod)) return false;
  if (!minReadySeconds) return true;
  const since = podReadySince(pod);
  return since !== undefined && since + minReadySeconds * 1000 <= now;
}

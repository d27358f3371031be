import { matchesMapSelector } from '../api/selectors';
import { StoreEvent } from '../store/ObjectStore';
import { compareStrings, deepEqual, KubeObject } from '../util/objects';
import { nowRfc3339 } from '../util/time';
import { WorkQueue } from '../util/WorkQueue';
import { Controller, ControllerContext, isPodReady, KCM, keyOf, RT, splitKey } from './context';
import { ownerRef } from './ReplicaSetController';

const MAX_PER_SLICE = 100;
const SLICE_MANAGER = 'endpointslice-controller.k8s.io';

interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
}

/** Resolves a Service port's targetPort against a pod's container ports. */
export function resolveTargetPort(pod: KubeObject, sp: any): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(String(target))) return Number(target);
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === (sp.protocol ?? 'TCP')) return p.containerPort;
    }
  }
  return undefined;
}

/**
 * Maintains Endpoints (v1) and EndpointSlices (discovery.k8s.io/v1) for Services with a selector,
 * from the pods' IPs and readiness, like the endpoints and endpointslice controllers.
 */
export class EndpointsController implements Controller {
  private readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(key => this.sync(key), (key, e) => ctx.onError('endpoints', key, e));
    this.unsubscribe = ctx.store.subscribe(ev => this.onEvent(ev));
  }

  stop() {
    this.unsubscribe();
    this.queue.stop();
  }

  private onEvent(ev: StoreEvent) {
    if (ev.rt.kind === 'Service') this.queue.add(keyOf(ev.object));
    else if (ev.rt.kind === 'Pod') {
      if (ev.type === 'MODIFIED' && ev.prev && samePodEndpointView(ev.prev, ev.object)) return;
      for (const svc of this.ctx.store.list(RT.svc, ev.object.metadata.namespace)) {
        const sel = svc.spec?.selector;
        if (matchesMapSelector(sel, ev.object.metadata.labels) || (ev.prev && matchesMapSelector(sel, ev.prev.metadata.labels))) {
          this.queue.add(keyOf(svc));
        }
      }
    }
  }

  private sync(key: string) {
    const [ns, name] = splitKey(key);
    const { store, api } = this.ctx;
    const svc = store.get(RT.svc, ns, name);
    if (!svc) {
      for (const s of this.slicesOf(ns, name)) this.tryDelete(RT.eps, ns, s.metadata.name!);
      const ep = store.get(RT.ep, ns, name);
      if (ep && !ep.metadata.labels?.['endpoints.kubernetes.io/managed-by-user']) this.tryDelete(RT.ep, ns, name);
      return;
    }
    const selector = svc.spec?.selector;
    if (!selector || Object.keys(selector).length === 0 || svc.spec?.type === 'ExternalName') return;
    const publishNotReady = !!svc.spec.publishNotReadyAddresses;
    const pods = store
      .list(RT.pod, ns)
      .filter(p => matchesMapSelector(selector, p.metadata.labels) && p.status?.podIP && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
      .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    const groups = new Map<string, { ports: EndpointPort[]; pods: KubeObject[] }>();
    for (const pod of pods) {
      const ports: EndpointPort[] = [];
      for (const sp of svc.spec.ports ?? []) {
        const port = resolveTargetPort(pod, sp);
        if (port === undefined) continue;
        ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' });
      }
      const k = JSON.stringify(ports);
      const g = groups.get(k) ?? { ports, pods: [] };
      g.pods.push(pod);
      groups.set(k, g);
    }
    this.syncEndpoints(svc, groups, publishNotReady);
    this.syncSlices(svc, groups, publishNotReady);
    void api;
  }

  private syncEndpoints(svc: KubeObject, groups: Map<string, { ports: EndpointPort[]; pods: KubeObject[] }>, publishNotReady: boolean) {
    const ns = svc.metadata.namespace!;
    const name = svc.metadata.name!;
    const subsets: any[] = [];
    for (const g of groups.values()) {
      const addresses: any[] = [];
      const notReady: any[] = [];
      for (const pod of g.pods) {
        const terminating = !!pod.metadata.deletionTimestamp;
        if (terminating && !publishNotReady) continue;
        const addr = {
          ip: pod.status.podIP,
          nodeName: pod.spec.nodeName,
          targetRef: { kind: 'Pod', namespace: ns, name: pod.metadata.name, uid: pod.metadata.uid },
        };
        if (publishNotReady || isPodReady(pod)) addresses.push(addr);
        else notReady.push(addr);
      }
      if (!addresses.length && !notReady.length) continue;
      if (!g.ports.length) continue;
      const byIp = (a: any, b: any) => compareStrings(a.ip, b.ip);
      subsets.push({
        ...(addresses.length ? { addresses: addresses.sort(byIp) } : {}),
        ...(notReady.length ? { notReadyAddresses: notReady.sort(byIp) } : {}),
        ports: g.ports,
      });
    }
    const labels = { ...(svc.metadata.labels ?? {}) };
    if (svc.spec.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
    const existing = this.ctx.store.get(RT.ep, ns, name);
    if (!existing) {
      this.ctx.api.create(RT.ep, ns, {
        metadata: {
          name, namespace: ns, labels,
          annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': nowRfc3339() },
        },
        ...(subsets.length ? { subsets } : {}),
      }, { manager: KCM });
      return;
    }
    if (deepEqual(existing.subsets ?? [], subsets) && deepEqual(existing.metadata.labels ?? {}, labels)) return;
    this.ctx.api.mutate(RT.ep, ns, name, KCM, o => {
      o.metadata.labels = labels;
      o.metadata.annotations = { ...(o.metadata.annotations ?? {}), 'endpoints.kubernetes.io/last-change-trigger-time': nowRfc3339() };
      if (subsets.length) o.subsets = subsets;
      else delete o.subsets;
    });
  }

  private slicesOf(ns: string, svcName: string): KubeObject[] {
    return this.ctx.store
      .list(RT.eps, ns)
      .filter(s => s.metadata.labels?.['kubernetes.io/service-name'] === svcName && s.metadata.labels?.['endpointslice.kubernetes.io/managed-by'] === SLICE_MANAGER)
      .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  }

  private syncSlices(svc: KubeObject, groups: Map<string, { ports: EndpointPort[]; pods: KubeObject[] }>, publishNotReady: boolean) {
    const ns = svc.metadata.namespace!;
    const name = svc.metadata.name!;
    const desired: { ports: any[]; endpoints: any[] }[] = [];
    for (const g of groups.values()) {
      const endpoints = g.pods.map(pod => {
        const terminating = !!pod.metadata.deletionTimestamp;
        const ready = isPodReady(pod);
        return {
          addresses: [pod.status.podIP],
          conditions: { ready: publishNotReady || (ready && !terminating), serving: publishNotReady || ready, terminating },
          targetRef: { kind: 'Pod', namespace: ns, name: pod.metadata.name, uid: pod.metadata.uid },
          nodeName: pod.spec.nodeName,
        };
      });
      const ports = g.ports.map(p => ({ name: p.name ?? '', port: p.port, protocol: p.protocol }));
      for (let i = 0; i < endpoints.length; i += MAX_PER_SLICE) {
        desired.push({ ports, endpoints: endpoints.slice(i, i + MAX_PER_SLICE) });
      }
    }
    if (desired.length === 0) desired.push({ ports: [], endpoints: [] });
    const existing = this.slicesOf(ns, name);
    const labels = {
      ...(svc.metadata.labels ?? {}),
      'kubernetes.io/service-name': name,
      'endpointslice.kubernetes.io/managed-by': SLICE_MANAGER,
      ...(svc.spec.clusterIP === 'None' ? { 'service.kubernetes.io/headless': '' } : {}),
    };
    desired.forEach((want, i) => {
      const cur = existing[i];
      if (!cur) {
        this.ctx.api.create(RT.eps, ns, {
          metadata: {
            generateName: `${name}-`,
            namespace: ns,
            labels,
            annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': nowRfc3339() },
            ownerReferences: [ownerRef(RT.svc, svc)],
          },
          addressType: 'IPv4',
          endpoints: want.endpoints,
          ports: want.ports,
        }, { manager: SLICE_MANAGER });
        return;
      }
      if (deepEqual(cur.endpoints ?? [], want.endpoints) && deepEqual(cur.ports ?? [], want.ports) && deepEqual(cur.metadata.labels, labels)) return;
      this.ctx.api.mutate(RT.eps, ns, cur.metadata.name!, SLICE_MANAGER, o => {
        o.endpoints = want.endpoints;
        o.ports = want.ports;
        o.metadata.labels = labels;
      });
    });
    for (const extra of existing.slice(desired.length)) this.tryDelete(RT.eps, ns, extra.metadata.name!);
  }

  private tryDelete(rt: typeof RT.eps, ns: string, name: string) {
    try {
      this.ctx.api.delete(rt, ns, name);
    } catch {
      // already gone
    }
  }
}

function samePodEndpointView(a: KubeObject, b: KubeObject): boolean {
  return (
    a.status?.podIP === b.status?.podIP &&
    isPodReady(a) === isPodReady(b) &&
    !!a.metadata.deletionTimestamp === !!b.metadata.deletionTimestamp &&
    a.status?.phase === b.status?.phase &&
    a.spec?.nodeName === b.spec?.nodeName &&
    deepEqual(a.metadata.labels, b.metadata.labels)
  );
}

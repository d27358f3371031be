import { ResourceType } from '../api/resources';
import { matchesLabelSelector } from '../api/selectors';
import { StoreEvent } from '../store/ObjectStore';
import { clone, KubeObject } from '../util/objects';
import { WorkQueue } from '../util/WorkQueue';
import {
  Controller, ControllerContext, controllerRef, isPodActive, isPodAvailable, isPodReady, KCM, keyOf,
  podReadySince, RT, splitKey,
} from './context';

const BURST = 500;

/** Sorts pods so that the ones to delete first come first (controller.ActivePods ranking). */
export function rankPodsForDeletion(pods: KubeObject[]): KubeObject[] {
  const phaseRank = (p: KubeObject) => ({ Pending: 0, Unknown: 1, Running: 2 } as Record<string, number>)[p.status?.phase] ?? 1;
  const restarts = (p: KubeObject) => (p.status?.containerStatuses ?? []).reduce((n: number, c: any) => Math.max(n, c.restartCount ?? 0), 0);
  return [...pods].sort((a, b) => {
    const aa = a.spec?.nodeName ? 1 : 0;
    const ba = b.spec?.nodeName ? 1 : 0;
    if (aa !== ba) return aa - ba;
    if (phaseRank(a) !== phaseRank(b)) return phaseRank(a) - phaseRank(b);
    const ar = isPodReady(a) ? 1 : 0;
    const br = isPodReady(b) ? 1 : 0;
    if (ar !== br) return ar - br;
    if (ar && br) {
      const at = podReadySince(a) ?? 0;
      const bt = podReadySince(b) ?? 0;
      if (at !== bt) return bt - at;
    }
    if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
    return Date.parse(b.metadata.creationTimestamp ?? '') - Date.parse(a.metadata.creationTimestamp ?? '');
  });
}

/** The ReplicaSet controller: keeps the number of active pods at spec.replicas and reports status. */
export class ReplicaSetController implements Controller {
  private readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(key => this.sync(key), (key, e) => ctx.onError('replicaset', key, e));
    this.unsubscribe = ctx.store.subscribe(ev => this.onEvent(ev));
  }

  stop() {
    this.unsubscribe();
    this.queue.stop();
  }

  private onEvent(ev: StoreEvent) {
    if (ev.rt.kind === 'ReplicaSet') this.queue.add(keyOf(ev.object));
    else if (ev.rt.kind === 'Pod') {
      for (const o of [ev.object, ev.prev]) {
        const ref = o && controllerRef(o);
        if (ref?.kind === 'ReplicaSet') this.queue.add(`${o!.metadata.namespace}/${ref.name}`);
        else if (o && !ref && ev.type !== 'DELETED') this.enqueueMatching(o);
      }
    }
  }

  private enqueueMatching(pod: KubeObject) {
    for (const rs of this.ctx.store.list(RT.rs, pod.metadata.namespace)) {
      if (matchesLabelSelector(rs.spec?.selector, pod.metadata.labels)) this.queue.add(keyOf(rs));
    }
  }

  private sync(key: string) {
    const [ns, name] = splitKey(key);
    const { api, store, events } = this.ctx;
    const rs = store.get(RT.rs, ns, name);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const pods: KubeObject[] = [];
    for (const pod of store.list(RT.pod, ns)) {
      const ref = controllerRef(pod);
      if (ref) {
        if (ref.uid === rs.metadata.uid) pods.push(pod);
      } else if (!pod.metadata.deletionTimestamp && matchesLabelSelector(rs.spec.selector, pod.metadata.labels)) {
        // Adopt orphans like the real controller.
        const adopted = api.mutate(RT.pod, ns, pod.metadata.name!, KCM, p => {
          p.metadata.ownerReferences = [...(p.metadata.ownerReferences ?? []), ownerRef(RT.rs, rs)];
        });
        if (adopted) pods.push(adopted);
      }
    }
    const active = pods.filter(isPodActive);
    const want = rs.spec.replicas ?? 1;
    const diff = active.length - want;
    if (diff < 0) {
      for (let i = 0; i < Math.min(-diff, BURST); i++) {
        const tpl = rs.spec.template ?? {};
        try {
          const pod = api.create(RT.pod, ns, {
            metadata: {
              generateName: `${name}-`,
              namespace: ns,
              labels: { ...(tpl.metadata?.labels ?? {}) },
              ...(tpl.metadata?.annotations ? { annotations: { ...tpl.metadata.annotations } } : {}),
              ownerReferences: [ownerRef(RT.rs, rs)],
            },
            spec: clone(tpl.spec),
          }, { manager: KCM });
          active.push(pod);
          events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, { component: 'replicaset-controller' });
        } catch (e: any) {
          events.record(rs, 'Warning', 'FailedCreate', `Error creating: ${e?.message ?? e}`, { component: 'replicaset-controller' });
          break;
        }
      }
    } else if (diff > 0) {
      const victims = rankPodsForDeletion(active).slice(0, diff);
      for (const pod of victims) {
        try {
          api.delete(RT.pod, ns, pod.metadata.name!);
          events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, { component: 'replicaset-controller' });
        } catch {
          // already gone
        }
      }
      const gone = new Set(victims.map(v => v.metadata.name));
      active.splice(0, active.length, ...active.filter(p => !gone.has(p.metadata.name)));
    }
    const minReady = rs.spec.minReadySeconds ?? 0;
    const now = Date.now();
    const current = active.map(p => store.get(RT.pod, ns, p.metadata.name!) ?? p).filter(isPodActive);
    const ready = current.filter(isPodReady);
    const available = current.filter(p => isPodAvailable(p, minReady, now));
    if (minReady && ready.length > available.length) {
      const waits = ready.map(p => (podReadySince(p) ?? now) + minReady * 1000 - now).filter(w => w > 0);
      if (waits.length) this.queue.addAfter(key, Math.min(...waits) + 50);
    }
    const status = {
      replicas: current.length,
      fullyLabeledReplicas: current.filter(p => matchesLabelSelector({ matchLabels: rs.spec.template?.metadata?.labels ?? {} }, p.metadata.labels)).length,
      readyReplicas: ready.length,
      availableReplicas: available.length,
      observedGeneration: rs.metadata.generation,
    };
    api.mutate(RT.rs, ns, name, KCM, o => {
      o.status = { ...status, ...(o.status?.conditions ? { conditions: o.status.conditions } : {}) };
      if (!status.readyReplicas) delete (o.status as any).readyReplicas;
      if (!status.availableReplicas) delete (o.status as any).availableReplicas;
    }, 'status');
  }
}

/** Controller owner reference pointing at `owner`. */
export function ownerRef(rt: ResourceType, owner: KubeObject) {
  return {
    apiVersion: rt.group ? `${rt.group}/${rt.version}` : rt.version,
    kind: rt.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

import { StoreEvent } from '../store/ObjectStore';
import { KubeObject } from '../util/objects';
import { cpuMillis, parseQuantity } from '../util/quantity';
import { nowRfc3339 } from '../util/time';
import { WorkQueue } from '../util/WorkQueue';
import { Controller, ControllerContext, keyOf, RT, splitKey } from './context';

const SOURCE = { component: 'default-scheduler' };

/** Sum of container requests of a pod. */
export function podRequests(pod: KubeObject): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    cpu += cpuMillis(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu ?? 0);
    memory += parseQuantity(c.resources?.requests?.memory ?? c.resources?.limits?.memory ?? 0);
  }
  return { cpu, memory };
}

/**
 * Binds pending pods to the simulated Nodes: filters on capacity (cpu, memory, pod count),
 * nodeSelector and schedulability, scores by least allocation.
 */
export class Scheduler implements Controller {
  private readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;
  private readonly retry: NodeJS.Timeout;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(key => this.schedule(key), (key, e) => ctx.onError('scheduler', key, e));
    this.unsubscribe = ctx.store.subscribe(ev => this.onEvent(ev));
    this.retry = setInterval(() => this.requeuePending(), 10_000);
    this.retry.unref();
  }

  stop() {
    clearInterval(this.retry);
    this.unsubscribe();
    this.queue.stop();
  }

  private onEvent(ev: StoreEvent) {
    if (ev.rt.kind === 'Pod') {
      if (ev.type === 'ADDED' && !ev.object.spec?.nodeName) this.queue.add(keyOf(ev.object));
      if (ev.type === 'DELETED' && ev.object.spec?.nodeName) this.requeuePending();
    } else if (ev.rt.kind === 'Node') this.requeuePending();
  }

  private requeuePending() {
    for (const pod of this.ctx.store.list(RT.pod)) {
      if (!pod.spec?.nodeName && !pod.metadata.deletionTimestamp) this.queue.add(keyOf(pod));
    }
  }

  private schedule(key: string) {
    const [ns, name] = splitKey(key);
    const { store, api, events } = this.ctx;
    const pod = store.get(RT.pod, ns, name);
    if (!pod || pod.spec?.nodeName || pod.metadata.deletionTimestamp) return;
    if ((pod.spec?.schedulerName ?? 'default-scheduler') !== 'default-scheduler') return;
    const nodes = store.list(RT.node);
    const usage = new Map<string, { cpu: number; memory: number; pods: number }>();
    for (const p of store.list(RT.pod)) {
      const n = p.spec?.nodeName;
      if (!n || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
      const u = usage.get(n) ?? { cpu: 0, memory: 0, pods: 0 };
      const r = podRequests(p);
      u.cpu += r.cpu;
      u.memory += r.memory;
      u.pods += 1;
      usage.set(n, u);
    }
    const req = podRequests(pod);
    const reasons = new Map<string, number>();
    const fail = (reason: string) => reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    let best: { node: KubeObject; score: number } | undefined;
    for (const node of nodes) {
      const alloc = node.status?.allocatable ?? {};
      const u = usage.get(node.metadata.name!) ?? { cpu: 0, memory: 0, pods: 0 };
      const cpuCap = cpuMillis(alloc.cpu ?? '0');
      const memCap = parseQuantity(alloc.memory ?? '0');
      const podCap = parseQuantity(alloc.pods ?? '110');
      const ready = (node.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
      if (!ready) { fail("node(s) had untolerated taint {node.kubernetes.io/not-ready: }"); continue; }
      if (node.spec?.unschedulable) { fail('node(s) were unschedulable'); continue; }
      const sel = pod.spec?.nodeSelector ?? {};
      if (!Object.entries(sel).every(([k, v]) => node.metadata.labels?.[k] === v)) {
        fail("node(s) didn't match Pod's node affinity/selector");
        continue;
      }
      if (u.pods + 1 > podCap) { fail('Too many pods'); continue; }
      if (u.cpu + req.cpu > cpuCap) { fail('Insufficient cpu'); continue; }
      if (u.memory + req.memory > memCap) { fail('Insufficient memory'); continue; }
      const score = ((u.cpu + req.cpu) / Math.max(cpuCap, 1) + (u.memory + req.memory) / Math.max(memCap, 1)) / 2 + u.pods / Math.max(podCap, 1) / 10;
      if (!best || score < best.score) best = { node, score };
    }
    if (!best) {
      const detail = [...reasons.entries()].sort().map(([r, n]) => `${n} ${r}`).join(', ');
      const message = `0/${nodes.length} nodes are available: ${detail}. preemption: 0/${nodes.length} nodes are available: ${nodes.length} No preemption victims found for incoming pod.`;
      api.mutate(RT.pod, ns, name, 'default-scheduler', p => {
        const conds = (p.status?.conditions ?? []).filter((c: any) => c.type !== 'PodScheduled');
        p.status = { ...(p.status ?? {}), conditions: [...conds, { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: nowRfc3339(), reason: 'Unschedulable', message }] };
      }, 'status');
      events.record(pod, 'Warning', 'FailedScheduling', message, SOURCE);
      return;
    }
    const nodeName = best.node.metadata.name!;
    api.mutate(RT.pod, ns, name, 'default-scheduler', p => {
      p.spec.nodeName = nodeName;
    });
    api.mutate(RT.pod, ns, name, 'default-scheduler', p => {
      const conds = (p.status?.conditions ?? []).filter((c: any) => c.type !== 'PodScheduled');
      p.status = { ...(p.status ?? {}), conditions: [...conds, { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowRfc3339() }] };
    }, 'status');
    events.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${nodeName}`, SOURCE);
  }
}

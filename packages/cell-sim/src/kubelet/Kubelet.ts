import { imagePullerFromEnv } from './ImagePuller';
import { ClusterApi } from '../api/ClusterApi';
import { PodLogOptions, PodLogProvider } from '../api/ApiServer';
import { EventRecorder } from '../controllers/EventRecorder';
import { PodMetricsSource } from '../controllers/HpaController';
import { ObjectStore, StoreEvent } from '../store/ObjectStore';
import { KubeObject } from '../util/objects';
import { AddressAllocator } from './AddressAllocator';
import { formatLogLine, PodRuntime } from './PodRuntime';

/** A Prometheus scrape target of a running pod. */
export interface PodTarget {
  address: string;
  namespace: string;
  pod: string;
  container: string;
  app: string;
  version: string;
  node: string;
}

/** Options of the simulated kubelet of a cell. */
export interface KubeletOptions {
  cellName: string;
  store: ObjectStore;
  api: ClusterApi;
  events: EventRecorder;
  allocator: AddressAllocator;
  /** Node name -> host IP for the nodes this kubelet runs. */
  nodes: Map<string, string>;
  crashLoopBaseMs: number;
  crashLoopMaxMs: number;
  /** `User-Agent` of HTTP probes (`kube-probe/<major>.<minor>` of the kubelet version). */
  probeUserAgent: string;
  onTargetsChanged?: () => void;
  onError: (key: string, e: unknown) => void;
}

/**
 * The kubelet of all simulated nodes of a cell: runs bound pods as PodRuntimes and serves
 * their logs and resource usage.
 */
export class Kubelet implements PodLogProvider, PodMetricsSource {
  private readonly pods = new Map<string, PodRuntime>();
  private readonly unsubscribe: () => void;
  private changeTimer?: NodeJS.Timeout;

  constructor(private readonly opts: KubeletOptions) {
    this.unsubscribe = opts.store.subscribe(ev => this.onEvent(ev));
  }

  private uidKey(pod: KubeObject) {
    return pod.metadata.uid!;
  }

  private onEvent(ev: StoreEvent) {
    if (ev.rt.kind !== 'Pod') return;
    const pod = ev.object;
    const existing = this.pods.get(this.uidKey(pod));
    if (ev.type === 'DELETED') {
      existing?.kill();
      return;
    }
    if (existing) {
      existing.update(pod);
      return;
    }
    const node = pod.spec?.nodeName;
    if (!node || !this.opts.nodes.has(node)) return;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
    const runtime = new PodRuntime({
      cellName: this.opts.cellName,
      store: this.opts.store,
      api: this.opts.api,
      events: this.opts.events,
      allocator: this.opts.allocator,
      nodeIP: n => this.opts.nodes.get(n) ?? '',
      crashLoopBaseMs: this.opts.crashLoopBaseMs,
      probeUserAgent: this.opts.probeUserAgent,
      crashLoopMaxMs: this.opts.crashLoopMaxMs,
      imagePuller: imagePullerFromEnv(),
      onChange: () => this.targetsChanged(),
      onGone: r => this.pods.delete(this.uidKey(r.object)),
    }, pod);
    this.pods.set(this.uidKey(pod), runtime);
    if (pod.metadata.deletionTimestamp) {
      runtime.terminate(pod.metadata.deletionGracePeriodSeconds ?? 0);
      return;
    }
    runtime.start().catch(e => this.opts.onError(runtime.key, e));
  }

  private targetsChanged() {
    if (!this.opts.onTargetsChanged || this.changeTimer) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      this.opts.onTargetsChanged?.();
    }, 200);
    this.changeTimer.unref();
  }

  /** Scrape targets of all running pods. */
  targets(): PodTarget[] {
    const out: PodTarget[] = [];
    for (const r of this.pods.values()) {
      for (const t of r.targets()) {
        out.push({ ...t, namespace: r.object.metadata.namespace!, pod: r.object.metadata.name!, node: r.object.spec.nodeName });
      }
    }
    return out.sort((a, b) => (a.address < b.address ? -1 : 1));
  }

  private runtimeOf(pod: KubeObject): PodRuntime | undefined {
    return this.pods.get(this.uidKey(pod));
  }

  /** PodLogProvider. */
  readLog(pod: KubeObject, opts: PodLogOptions): string[] | undefined {
    const r = this.runtimeOf(pod);
    const lines = r?.logs(opts.container, opts.previous);
    if (!lines) return undefined;
    let selected = lines;
    if (opts.sinceSeconds !== undefined) {
      const since = Date.now() - opts.sinceSeconds * 1000;
      selected = selected.filter(l => l.ts.getTime() >= since);
    }
    if (opts.tailLines !== undefined) selected = opts.tailLines === 0 ? [] : selected.slice(-opts.tailLines);
    return selected.map(l => formatLogLine(l, opts.timestamps));
  }

  /** PodLogProvider. */
  followLog(pod: KubeObject, opts: PodLogOptions, onLine: (line: string) => void, onEnd: () => void): () => void {
    const r = this.runtimeOf(pod);
    if (!r) {
      onEnd();
      return () => {};
    }
    return r.follow(opts.container, l => onLine(formatLogLine(l, opts.timestamps)), onEnd);
  }

  /** PodMetricsSource. */
  podCpuMillis(pod: KubeObject): number | undefined {
    return this.runtimeOf(pod)?.cpuMillis();
  }

  /** PodMetricsSource. */
  podMemoryBytes(pod: KubeObject): number | undefined {
    return this.runtimeOf(pod)?.memoryBytes();
  }

  /** Stops every pod server immediately. */
  stop() {
    this.unsubscribe();
    if (this.changeTimer) clearTimeout(this.changeTimer);
    for (const r of [...this.pods.values()]) r.kill();
    this.pods.clear();
  }

  /** Number of pod runtimes. */
  get size(): number {
    return this.pods.size;
  }
}


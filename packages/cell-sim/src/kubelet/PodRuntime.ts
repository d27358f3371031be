import { Tracer } from './tracing';
import { ImagePuller, pullSecretAuths } from './ImagePuller';
import { ClusterApi } from '../api/ClusterApi';
import { resourceForKind } from '../api/resources';
import { EventRecorder } from '../controllers/EventRecorder';
import { ObjectStore } from '../store/ObjectStore';
import { randomHex } from '../util/ids';
import { KubeObject, deepEqual } from '../util/objects';
import { nowNano, nowRfc3339 } from '../util/time';
import { AddressAllocator } from './AddressAllocator';
import { ContainerServer } from './ContainerServer';
import { ContainerConfigError, resolveEnv } from './env';
import { resolvePort, runProbe } from './probes';
import { parseSimEnv } from './simEnv';

/** What a pod runtime needs from its kubelet. */
export interface KubeletContext {
  cellName: string;
  store: ObjectStore;
  api: ClusterApi;
  events: EventRecorder;
  allocator: AddressAllocator;
  nodeIP(nodeName: string): string;
  crashLoopBaseMs: number;
  crashLoopMaxMs: number;
  /** `User-Agent` of HTTP probes. */
  probeUserAgent: string;
  /** The set of running pod servers changed (Prometheus targets). */
  onChange(): void;
  /** The runtime finished (pod removed). */
  onGone(runtime: PodRuntime): void;
  /** Pulls images from the registries the nodes reach; other images are already present. */
  imagePuller?: ImagePuller;
}

/** One log line of a container. */
export interface LogLine {
  ts: Date;
  text: string;
}

const LOG_LIMIT = 2000;
const KUBELET = 'kubelet';
const POD_RT = () => resourceForKind('Pod');

type ProbeKind = 'readiness' | 'liveness' | 'startup';

interface ContainerState {
  spec: any;
  state: 'waiting' | 'running' | 'terminated';
  waitingReason: string;
  waitingMessage?: string;
  startedAt?: string;
  terminated?: { exitCode: number; reason: string; startedAt?: string; finishedAt: string; containerID: string; message?: string };
  lastTerminated?: ContainerState['terminated'];
  containerID: string;
  restartCount: number;
  ready: boolean;
  started: boolean;
  everStarted: boolean;
  server?: ContainerServer;
  timers: Set<NodeJS.Timeout>;
  instance: number;
  backoffMs: number;
  lastRestartAt: number;
  logs: LogLine[];
  prevLogs?: LogLine[];
  followers: Set<{ onLine: (l: LogLine) => void; onEnd: () => void }>;
  probeState: Record<ProbeKind, { successes: number; failures: number }>;
  stopping: boolean;
  /** The current image pull back-off (ImagePullBackOff), 0 after a successful pull. */
  pullBackoffMs?: number;
}

/**
 * The kubelet's view of one pod: a loopback address, one simulated app server per container,
 * probes, restarts with CrashLoopBackOff, graceful termination and the pod status.
 */
export class PodRuntime {
  podIP?: string;
  private readonly containers = new Map<string, ContainerState>();
  private terminating = false;
  private terminationDeadline = Infinity;
  private killed = false;
  private statusScheduled = false;
  private readonly conditionTimes = new Map<string, { status: string; time: string }>();
  private readonly startTime = nowRfc3339();
  private forceTimer?: NodeJS.Timeout;

  constructor(private readonly ctx: KubeletContext, private pod: KubeObject) {
    for (const spec of pod.spec.containers ?? []) this.containers.set(spec.name, this.newState(spec));
  }

  /** `namespace/name`. */
  get key(): string {
    return `${this.pod.metadata.namespace}/${this.pod.metadata.name}`;
  }

  /** The pod object as last seen. */
  get object(): KubeObject {
    return this.pod;
  }

  private newState(spec: any): ContainerState {
    return {
      spec, state: 'waiting', waitingReason: 'ContainerCreating', containerID: '', restartCount: 0, ready: false,
      started: false, everStarted: false, timers: new Set(), instance: 0, backoffMs: 0, lastRestartAt: 0, logs: [],
      followers: new Set(), probeState: { readiness: { successes: 0, failures: 0 }, liveness: { successes: 0, failures: 0 }, startup: { successes: 0, failures: 0 } },
      stopping: false,
    };
  }

  private get identityBase() {
    const labels = this.pod.metadata.labels ?? {};
    return {
      cell: this.ctx.cellName,
      namespace: this.pod.metadata.namespace!,
      pod: this.pod.metadata.name!,
      node: this.pod.spec.nodeName,
      app: labels['cellport.io/app'] ?? labels.app ?? labels['app.kubernetes.io/name'] ?? this.pod.metadata.name!.replace(/-[a-z0-9]+-[a-z0-9]+$/, ''),
    };
  }

  private versionOf(spec: any): string {
    const labels = this.pod.metadata.labels ?? {};
    return labels['cellport.io/version'] ?? labels.version ?? labels['app.kubernetes.io/version'] ?? String(spec.image ?? '').split(':').pop() ?? '';
  }

  /** Ports a container listens on: declared TCP ports, or else its probe ports. */
  private portsOf(spec: any): number[] {
    const ports = new Set<number>();
    for (const p of spec.ports ?? []) if ((p.protocol ?? 'TCP') === 'TCP') ports.add(p.containerPort);
    // Like a real app, the simulated one listens on its declared ports; only when none are
    // declared does it listen on the ports its probes use.
    if (ports.size > 0) return [...ports];
    for (const probe of [spec.readinessProbe, spec.livenessProbe, spec.startupProbe]) {
      const handler = probe?.httpGet ?? probe?.tcpSocket;
      if (!handler) continue;
      const port = resolvePort(handler.port, spec.ports ?? []);
      if (port !== undefined) ports.add(port);
    }
    return [...ports];
  }

  /** Prometheus targets of this pod (first port of each running container). */
  targets(): { address: string; container: string; app: string; version: string }[] {
    if (!this.podIP || this.terminating) return [];
    const out = [];
    for (const [name, cs] of this.containers) {
      if (cs.state !== 'running' || !cs.server) continue;
      const port = cs.server.boundPorts()[0];
      if (port === undefined) continue;
      out.push({ address: `${this.podIP}:${port}`, container: name, app: this.identityBase.app, version: this.versionOf(cs.spec) });
    }
    return out;
  }

  /** Starts the pod: allocate its address, then start the containers. */
  async start(): Promise<void> {
    const ports = [...this.containers.values()].flatMap(cs => this.portsOf(cs.spec));
    const ip = await this.ctx.allocator.allocate([...new Set(ports)]);
    if (this.killed || this.terminating) {
      this.ctx.allocator.release(ip);
      if (this.terminating) this.finishTermination();
      return;
    }
    this.podIP = ip;
    this.scheduleStatus();
    for (const cs of this.containers.values()) void this.startContainer(cs);
  }

  /** The pod object changed in the API. */
  update(pod: KubeObject) {
    const prev = this.pod;
    this.pod = pod;
    if (pod.metadata.deletionTimestamp) {
      this.terminate(pod.metadata.deletionGracePeriodSeconds ?? 30);
      return;
    }
    // Image changes restart the container, like the real kubelet.
    for (const spec of pod.spec.containers ?? []) {
      const cs = this.containers.get(spec.name);
      if (!cs) continue;
      const before = (prev.spec.containers ?? []).find((c: any) => c.name === spec.name);
      if (before && before.image !== spec.image) {
        cs.spec = spec;
        this.ctx.events.record(pod, 'Normal', 'Killing', `Container ${spec.name} definition changed, will be restarted`, this.source(), this.fieldPath(spec.name));
        void this.restartContainer(cs, 0, 'Completed');
      }
    }
  }

  private source() {
    return { component: 'kubelet', host: this.pod.spec.nodeName };
  }

  private fieldPath(name: string) {
    return `spec.containers{${name}}`;
  }

  private timer(cs: ContainerState, ms: number, fn: () => void) {
    const instance = cs.instance;
    const t = setTimeout(() => {
      cs.timers.delete(t);
      if (cs.instance === instance && !this.killed) fn();
    }, Math.max(0, ms));
    cs.timers.add(t);
  }

  private clearTimers(cs: ContainerState) {
    for (const t of cs.timers) clearTimeout(t);
    cs.timers.clear();
  }

  /**
   * Pulls the image like the kubelet: the manifest is resolved with the pod's imagePullSecrets;
   * a failure is ErrImagePull, then ImagePullBackOff until the next try (doubling delay).
   */
  private async pullImage(cs: ContainerState, spec: any, src: any, fp: string): Promise<boolean> {
    const puller = this.ctx.imagePuller;
    const image = String(spec.image ?? '');
    if (!puller?.handles(image)) {
      this.ctx.events.record(this.pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, src, fp);
      return true;
    }
    this.ctx.events.record(this.pod, 'Normal', 'Pulling', `Pulling image "${image}"`, src, fp);
    const t0 = Date.now();
    const result = await puller.pull(image, pullSecretAuths(this.ctx.store, this.pod));
    if (this.killed || this.terminating) return false;
    if (result.ok) {
      cs.pullBackoffMs = 0;
      const took = `${Date.now() - t0}ms`;
      this.ctx.events.record(this.pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting)`, src, fp);
      return true;
    }
    cs.state = 'waiting';
    cs.waitingReason = 'ErrImagePull';
    cs.waitingMessage = result.message;
    this.ctx.events.record(this.pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${result.message}`, src, fp);
    this.ctx.events.record(this.pod, 'Warning', 'Failed', 'Error: ErrImagePull', src, fp);
    this.scheduleStatus();
    const delay = Math.min(cs.pullBackoffMs ? cs.pullBackoffMs * 2 : this.ctx.crashLoopBaseMs, this.ctx.crashLoopMaxMs);
    cs.pullBackoffMs = delay;
    this.timer(cs, Math.min(1000, delay), () => {
      cs.waitingReason = 'ImagePullBackOff';
      cs.waitingMessage = `Back-off pulling image "${image}"`;
      this.ctx.events.record(this.pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, src, fp);
      this.ctx.events.record(this.pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', src, fp);
      this.scheduleStatus();
      this.timer(cs, delay, () => void this.startContainer(cs));
    });
    return false;
  }

  private log(cs: ContainerState, text: string) {
    const line = { ts: new Date(), text };
    cs.logs.push(line);
    if (cs.logs.length > LOG_LIMIT) cs.logs.splice(0, cs.logs.length - LOG_LIMIT);
    for (const f of cs.followers) f.onLine(line);
  }

  private async startContainer(cs: ContainerState) {
    if (this.killed || this.terminating || !this.podIP) return;
    const spec = cs.spec;
    cs.instance++;
    let env: Record<string, string>;
    try {
      env = resolveEnv(this.ctx.store, this.pod, spec, this.podIP);
    } catch (e) {
      if (e instanceof ContainerConfigError) {
        cs.state = 'waiting';
        cs.waitingReason = 'CreateContainerConfigError';
        cs.waitingMessage = e.message;
        this.ctx.events.record(this.pod, 'Warning', 'Failed', `Error: ${e.message}`, this.source(), this.fieldPath(spec.name));
        this.scheduleStatus();
        this.timer(cs, 5000, () => void this.startContainer(cs));
        return;
      }
      throw e;
    }
    const sim = parseSimEnv(env);
    const src = this.source();
    const fp = this.fieldPath(spec.name);
    if (!(await this.pullImage(cs, spec, src, fp))) return;
    this.ctx.events.record(this.pod, 'Normal', 'Created', `Created container ${spec.name}`, src, fp);
    const probePaths = new Set<string>();
    for (const p of [spec.readinessProbe, spec.livenessProbe, spec.startupProbe]) if (p?.httpGet) probePaths.add(p.httpGet.path ?? '/');
    const server = new ContainerServer({
      identity: { ...this.identityBase, container: spec.name, version: this.versionOf(spec), podIP: this.podIP },
      ports: this.portsOf(spec),
      env: sim,
      readinessPath: spec.readinessProbe?.httpGet?.path,
      probePaths,
      log: line => this.log(cs, line),
      restarts: () => cs.restartCount,
      tracer: Tracer.fromEnv(env, { app: this.identityBase.app, pod: this.identityBase.pod, podIP: this.podIP }),
    });
    cs.containerID = `containerd://${randomHex(32)}`;
    const startedAt = nowRfc3339();
    try {
      await server.start();
    } catch (e: any) {
      if (this.killed || this.terminating) return;
      cs.startedAt = startedAt;
      this.log(cs, `Error: ${e?.message ?? e}`);
      this.ctx.events.record(this.pod, 'Warning', 'Failed', `Error: failed to start container "${spec.name}": ${e?.message ?? e}`, src, fp);
      this.onExit(cs, 128, 'StartError', String(e?.message ?? e));
      return;
    }
    if (this.killed || this.terminating) {
      server.kill();
      return;
    }
    cs.server = server;
    cs.state = 'running';
    cs.startedAt = startedAt;
    cs.everStarted = true;
    cs.ready = false;
    cs.started = !spec.startupProbe;
    cs.probeState = { readiness: { successes: 0, failures: 0 }, liveness: { successes: 0, failures: 0 }, startup: { successes: 0, failures: 0 } };
    this.log(cs, `simulated app ${this.identityBase.app} listening on ${server.boundPorts().map(p => `${this.podIP}:${p}`).join(', ')}`);
    this.ctx.events.record(this.pod, 'Normal', 'Started', `Started container ${spec.name}`, src, fp);
    if (!spec.readinessProbe && cs.started) cs.ready = true;
    if (spec.startupProbe) this.scheduleProbe(cs, 'startup', spec.startupProbe.initialDelaySeconds ?? 0);
    else this.startMainProbes(cs);
    if (sim.crashAfterMs !== undefined) {
      this.timer(cs, sim.crashAfterMs, () => {
        this.log(cs, `simulated crash after ${sim.crashAfterMs}ms (SIM_CRASH_AFTER_MS), exit code ${sim.exitCode}`);
        cs.server?.kill();
        cs.server = undefined;
        this.onExit(cs, sim.exitCode, sim.exitCode === 0 ? 'Completed' : 'Error');
      });
    }
    this.scheduleStatus();
    this.ctx.onChange();
  }

  private startMainProbes(cs: ContainerState) {
    if (cs.spec.readinessProbe) this.scheduleProbe(cs, 'readiness', cs.spec.readinessProbe.initialDelaySeconds ?? 0);
    if (cs.spec.livenessProbe) this.scheduleProbe(cs, 'liveness', cs.spec.livenessProbe.initialDelaySeconds ?? 0);
  }

  private probeSpec(cs: ContainerState, kind: ProbeKind) {
    return cs.spec[`${kind}Probe`];
  }

  private scheduleProbe(cs: ContainerState, kind: ProbeKind, delaySeconds: number) {
    this.timer(cs, delaySeconds * 1000, () => void this.probe(cs, kind));
  }

  private async probe(cs: ContainerState, kind: ProbeKind) {
    if (cs.state !== 'running' || !this.podIP) return;
    const spec = this.probeSpec(cs, kind);
    const instance = cs.instance;
    const result = await runProbe(spec, this.podIP, cs.spec.ports ?? [], this.ctx.probeUserAgent);
    if (cs.instance !== instance || cs.state !== 'running' || this.killed) return;
    const st = cs.probeState[kind];
    if (result.ok) {
      st.successes++;
      st.failures = 0;
    } else {
      st.failures++;
      st.successes = 0;
      const label = `${kind[0].toUpperCase()}${kind.slice(1)}`;
      if (!this.terminating || kind === 'readiness') {
        this.ctx.events.record(this.pod, 'Warning', 'Unhealthy', `${label} probe failed: ${result.message}`, this.source(), this.fieldPath(cs.spec.name));
      }
    }
    const success = spec.successThreshold ?? 1;
    const failure = spec.failureThreshold ?? 3;
    const period = (spec.periodSeconds ?? 10) * 1000;
    if (kind === 'readiness') {
      const before = cs.ready;
      if (result.ok && st.successes >= success) cs.ready = cs.started;
      if (!result.ok && st.failures >= failure) cs.ready = false;
      if (before !== cs.ready) this.scheduleStatus();
    } else if (kind === 'startup') {
      if (result.ok && st.successes >= 1) {
        cs.started = true;
        if (!cs.spec.readinessProbe) cs.ready = true;
        this.scheduleStatus();
        this.startMainProbes(cs);
        return;
      }
      if (!result.ok && st.failures >= failure) {
        this.ctx.events.record(this.pod, 'Normal', 'Killing', `Container ${cs.spec.name} failed startup probe, will be restarted`, this.source(), this.fieldPath(cs.spec.name));
        void this.restartContainer(cs, 143, 'Error');
        return;
      }
    } else if (!result.ok && st.failures >= failure && !this.terminating) {
      this.ctx.events.record(this.pod, 'Normal', 'Killing', `Container ${cs.spec.name} failed liveness probe, will be restarted`, this.source(), this.fieldPath(cs.spec.name));
      void this.restartContainer(cs, 143, 'Error');
      return;
    }
    this.timer(cs, period, () => void this.probe(cs, kind));
  }

  /** Stops a running container gracefully and lets the restart policy bring it back. */
  private async restartContainer(cs: ContainerState, exitCode: number, reason: string) {
    const server = cs.server;
    cs.server = undefined;
    cs.ready = false;
    this.clearTimers(cs);
    cs.instance++;
    this.scheduleStatus();
    if (server) await server.stop(Math.min(2000, (this.pod.spec.terminationGracePeriodSeconds ?? 30) * 1000));
    this.onExit(cs, exitCode, reason);
  }

  private onExit(cs: ContainerState, exitCode: number, reason: string, message?: string) {
    this.clearTimers(cs);
    cs.instance++;
    cs.ready = false;
    cs.state = 'terminated';
    cs.terminated = {
      exitCode, reason, startedAt: cs.startedAt, finishedAt: nowRfc3339(), containerID: cs.containerID, ...(message ? { message } : {}),
    };
    cs.prevLogs = cs.logs;
    cs.logs = [];
    for (const f of cs.followers) f.onEnd();
    cs.followers.clear();
    this.scheduleStatus();
    this.ctx.onChange();
    if (this.terminating || this.killed) return;
    const policy = this.pod.spec.restartPolicy ?? 'Always';
    if (policy === 'Never' || (policy === 'OnFailure' && exitCode === 0)) return;
    const now = Date.now();
    // Back-off resets when the container ran fine for twice the maximum back-off.
    if (cs.lastRestartAt && now - cs.lastRestartAt > 2 * this.ctx.crashLoopMaxMs) cs.backoffMs = 0;
    let wait = 0;
    if (cs.backoffMs === 0) {
      cs.backoffMs = this.ctx.crashLoopBaseMs;
    } else {
      wait = cs.lastRestartAt + cs.backoffMs - now;
      if (wait <= 0) {
        wait = 0;
        cs.backoffMs = Math.min(cs.backoffMs * 2, this.ctx.crashLoopMaxMs);
      }
    }
    const instance = cs.instance;
    const doRestart = () => {
      if (cs.instance !== instance) return;
      cs.lastTerminated = cs.terminated;
      cs.restartCount++;
      cs.lastRestartAt = Date.now();
      void this.startContainer(cs);
    };
    if (wait > 0) {
      const backoffSec = Math.round(cs.backoffMs / 1000);
      cs.lastTerminated = cs.terminated;
      cs.state = 'waiting';
      cs.waitingReason = 'CrashLoopBackOff';
      cs.waitingMessage = `back-off ${backoffSec >= 60 ? `${Math.floor(backoffSec / 60)}m${backoffSec % 60}s` : `${backoffSec}s`} restarting failed container=${cs.spec.name} pod=${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.pod.metadata.uid})`;
      this.ctx.events.record(this.pod, 'Warning', 'BackOff', `Back-off restarting failed container ${cs.spec.name} in pod ${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.pod.metadata.uid})`, this.source(), this.fieldPath(cs.spec.name));
      this.scheduleStatus();
      this.timer(cs, wait, () => {
        cs.backoffMs = Math.min(cs.backoffMs * 2, this.ctx.crashLoopMaxMs);
        cs.restartCount++;
        cs.lastRestartAt = Date.now();
        void this.startContainer(cs);
      });
    } else {
      this.timer(cs, Math.min(1000, this.ctx.crashLoopBaseMs), doRestart);
    }
  }

  /** Graceful termination: preStop, then stop accepting, drain, exit; then the pod object is removed. */
  terminate(graceSeconds: number) {
    const deadline = Date.now() + graceSeconds * 1000;
    if (this.terminating) {
      if (deadline < this.terminationDeadline) {
        this.terminationDeadline = deadline;
        if (this.forceTimer) clearTimeout(this.forceTimer);
        this.forceTimer = setTimeout(() => this.forceStop(), Math.max(0, deadline - Date.now()));
      }
      return;
    }
    this.terminating = true;
    this.terminationDeadline = deadline;
    this.ctx.onChange();
    this.forceTimer = setTimeout(() => this.forceStop(), graceSeconds * 1000);
    const stops = [...this.containers.values()].map(cs => this.stopContainer(cs));
    void Promise.all(stops).then(() => this.finishTermination());
  }

  private async stopContainer(cs: ContainerState) {
    this.clearTimers(cs);
    if (cs.state !== 'running' || !cs.server) {
      if (cs.state === 'waiting') {
        cs.instance++;
        cs.state = 'terminated';
        cs.terminated = { exitCode: 0, reason: 'ContainerStatusUnknown', finishedAt: nowRfc3339(), containerID: cs.containerID };
      }
      return;
    }
    cs.stopping = true;
    this.ctx.events.record(this.pod, 'Normal', 'Killing', `Stopping container ${cs.spec.name}`, this.source(), this.fieldPath(cs.spec.name));
    // Readiness keeps being probed while terminating; endpoints already mark the pod terminating.
    if (cs.spec.readinessProbe) this.scheduleProbe(cs, 'readiness', 0);
    const preStopMs = preStopSleepMs(cs.spec.lifecycle?.preStop);
    if (cs.spec.lifecycle?.preStop?.httpGet && this.podIP) {
      await runProbe({ httpGet: cs.spec.lifecycle.preStop.httpGet, timeoutSeconds: Math.max(1, Math.ceil((this.terminationDeadline - Date.now()) / 1000)) }, this.podIP, cs.spec.ports ?? [], this.ctx.probeUserAgent);
    }
    if (preStopMs > 0) {
      this.log(cs, `preStop: sleeping ${preStopMs / 1000}s`);
      await new Promise<void>(resolve => {
        const t = setTimeout(resolve, Math.min(preStopMs, Math.max(0, this.terminationDeadline - Date.now())));
        cs.timers.add(t);
      });
    }
    const server = cs.server;
    if (!server || this.killed) return;
    this.log(cs, 'received SIGTERM: no longer accepting connections, finishing in-flight requests');
    await server.stop(Math.max(0, this.terminationDeadline - Date.now()));
    cs.server = undefined;
    this.onExit(cs, Date.now() >= this.terminationDeadline ? 137 : 0, Date.now() >= this.terminationDeadline ? 'Error' : 'Completed');
  }

  private forceStop() {
    for (const cs of this.containers.values()) {
      if (cs.server) {
        cs.server.kill();
        cs.server = undefined;
        this.onExit(cs, 137, 'Error');
      }
    }
  }

  private finishTermination() {
    if (this.killed) return;
    this.writeStatusNow();
    this.killed = true;
    if (this.forceTimer) clearTimeout(this.forceTimer);
    for (const cs of this.containers.values()) this.clearTimers(cs);
    if (this.podIP) this.ctx.allocator.release(this.podIP);
    try {
      const current = this.ctx.store.get(POD_RT(), this.pod.metadata.namespace, this.pod.metadata.name!);
      if (current && current.metadata.uid === this.pod.metadata.uid) {
        this.ctx.api.delete(POD_RT(), this.pod.metadata.namespace, this.pod.metadata.name!, {
          gracePeriodSeconds: 0,
          preconditions: { uid: this.pod.metadata.uid },
        });
      }
    } catch {
      // already gone
    }
    this.ctx.onGone(this);
    this.ctx.onChange();
  }

  /** Immediate stop (the pod object is gone, or the simulator stops). */
  kill() {
    if (this.killed) return;
    this.killed = true;
    if (this.forceTimer) clearTimeout(this.forceTimer);
    for (const cs of this.containers.values()) {
      this.clearTimers(cs);
      cs.server?.kill();
      cs.server = undefined;
      for (const f of cs.followers) f.onEnd();
      cs.followers.clear();
    }
    if (this.podIP) this.ctx.allocator.release(this.podIP);
    this.ctx.onGone(this);
    this.ctx.onChange();
  }

  /** Log lines of a container (current or previous instance). */
  logs(container: string, previous: boolean): LogLine[] | undefined {
    const cs = this.containers.get(container);
    if (!cs) return undefined;
    if (previous) return cs.prevLogs;
    if (!cs.everStarted) return undefined;
    return cs.state === 'terminated' || cs.state === 'waiting' ? cs.prevLogs ?? cs.logs : cs.logs;
  }

  /** Follows new log lines of a running container. */
  follow(container: string, onLine: (l: LogLine) => void, onEnd: () => void): () => void {
    const cs = this.containers.get(container);
    if (!cs || cs.state !== 'running') {
      onEnd();
      return () => {};
    }
    const f = { onLine, onEnd };
    cs.followers.add(f);
    return () => cs.followers.delete(f);
  }

  /** CPU usage of the pod in millicores (sum of running containers). */
  cpuMillis(): number | undefined {
    let total = 0;
    let any = false;
    for (const cs of this.containers.values()) {
      if (cs.server) {
        total += cs.server.cpuMillicores();
        any = true;
      }
    }
    return any ? total : undefined;
  }

  /** Memory working set of the pod in bytes. */
  memoryBytes(): number | undefined {
    let total = 0;
    let any = false;
    for (const cs of this.containers.values()) {
      if (cs.server) {
        total += cs.server.memoryBytes();
        any = true;
      }
    }
    return any ? total : undefined;
  }

  private scheduleStatus() {
    if (this.statusScheduled || this.killed) return;
    this.statusScheduled = true;
    setImmediate(() => {
      this.statusScheduled = false;
      if (!this.killed) this.writeStatusNow();
    });
  }

  private condition(type: string, status: boolean, extra: Record<string, unknown> = {}) {
    const s = status ? 'True' : 'False';
    const prev = this.conditionTimes.get(type);
    const time = prev && prev.status === s ? prev.time : nowRfc3339();
    this.conditionTimes.set(type, { status: s, time });
    return { type, status: s, lastProbeTime: null, lastTransitionTime: time, ...extra };
  }

  private containerStatus(cs: ContainerState) {
    let state: any;
    if (cs.state === 'running') state = { running: { startedAt: cs.startedAt } };
    else if (cs.state === 'terminated') state = { terminated: cs.terminated };
    else state = { waiting: { reason: cs.waitingReason, ...(cs.waitingMessage ? { message: cs.waitingMessage } : {}) } };
    const image = cs.spec.image;
    return {
      name: cs.spec.name,
      state,
      lastState: cs.lastTerminated ? { terminated: cs.lastTerminated } : {},
      ready: cs.ready,
      restartCount: cs.restartCount,
      image,
      imageID: cs.everStarted ? `sim://${image}@sha256:${Buffer.from(String(image)).toString('hex').padEnd(64, '0').slice(0, 64)}` : '',
      ...(cs.containerID && cs.everStarted ? { containerID: cs.containerID } : {}),
      started: cs.state === 'running' && cs.started,
    };
  }

  private writeStatusNow() {
    const pod = this.ctx.store.get(POD_RT(), this.pod.metadata.namespace, this.pod.metadata.name!);
    if (!pod || pod.metadata.uid !== this.pod.metadata.uid) return;
    const states = [...this.containers.values()];
    const allReady = states.length > 0 && states.every(cs => cs.ready);
    const allStarted = states.every(cs => cs.everStarted);
    const anyRunning = states.some(cs => cs.state === 'running');
    const allTerminated = states.every(cs => cs.state === 'terminated');
    const policy = this.pod.spec.restartPolicy ?? 'Always';
    let phase = 'Pending';
    if (allTerminated && (policy === 'Never' || (policy === 'OnFailure' && states.every(cs => cs.terminated?.exitCode === 0)))) {
      phase = states.every(cs => cs.terminated?.exitCode === 0) ? 'Succeeded' : 'Failed';
    } else if (allStarted && (anyRunning || states.some(cs => cs.everStarted))) {
      phase = 'Running';
    }
    if (this.terminating && allTerminated && phase === 'Running') phase = 'Running';
    const hostIP = this.ctx.nodeIP(this.pod.spec.nodeName);
    const reason = allReady ? {} : { reason: 'ContainersNotReady', message: `containers with unready status: [${states.filter(c => !c.ready).map(c => c.spec.name).join(' ')}]` };
    const scheduled = (pod.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
    const status = {
      ...(pod.status ?? {}),
      phase,
      conditions: [
        this.condition('PodReadyToStartContainers', !!this.podIP),
        this.condition('Initialized', true),
        this.condition('Ready', allReady, reason),
        this.condition('ContainersReady', allReady, reason),
        scheduled ?? this.condition('PodScheduled', true),
      ],
      hostIP,
      hostIPs: [{ ip: hostIP }],
      ...(this.podIP ? { podIP: this.podIP, podIPs: [{ ip: this.podIP }] } : {}),
      startTime: pod.status?.startTime ?? this.startTime,
      containerStatuses: states.map(cs => this.containerStatus(cs)),
    };
    if (deepEqual(status, pod.status)) return;
    try {
      this.ctx.api.mutate(POD_RT(), pod.metadata.namespace, pod.metadata.name!, KUBELET, p => {
        p.status = status;
      }, 'status');
    } catch {
      // the pod went away meanwhile
    }
  }
}

/** Milliseconds a preStop hook sleeps (sleep action or an exec `sleep N`). */
export function preStopSleepMs(preStop: any): number {
  if (!preStop) return 0;
  if (preStop.sleep?.seconds !== undefined) return Number(preStop.sleep.seconds) * 1000;
  const cmd: string[] = preStop.exec?.command ?? [];
  const text = cmd.join(' ');
  const m = text.match(/(?:^|[\s;&|/])sleep\s+(\d+(?:\.\d+)?)/);
  return m ? Number(m[1]) * 1000 : 0;
}

/** Formats a log line like `kubectl logs` (optionally with timestamps). */
export function formatLogLine(l: LogLine, timestamps: boolean): string {
  return timestamps ? `${nowNano(l.ts)} ${l.text}` : l.text;
}

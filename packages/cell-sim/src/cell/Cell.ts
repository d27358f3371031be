import { randomBytes } from 'node:crypto';
import { ApiServer } from '../api/ApiServer';
import { ClusterApi } from '../api/ClusterApi';
import { ResourceType } from '../api/resources';
import { Controller, ControllerContext, RT } from '../controllers/context';
import { DeploymentController } from '../controllers/DeploymentController';
import { EndpointsController } from '../controllers/EndpointsController';
import { EventRecorder } from '../controllers/EventRecorder';
import { GarbageCollector } from '../controllers/GarbageCollector';
import { HpaController } from '../controllers/HpaController';
import { NamespaceController } from '../controllers/NamespaceController';
import { ReplicaSetController } from '../controllers/ReplicaSetController';
import { RootCaPublisher } from '../controllers/RootCaPublisher';
import { KubeVersion, parseKubeVersion } from '../api/version';
import { Scheduler } from '../controllers/Scheduler';
import { AddressAllocator } from '../kubelet/AddressAllocator';
import { Kubelet, PodTarget } from '../kubelet/Kubelet';
import { ObjectStore } from '../store/ObjectStore';
import { KubeObject } from '../util/objects';
import { randomHex } from '../util/ids';
import { buildKubeconfig } from '../kubeconfig';
import { generateTls } from './tls';

/** A simulated node. */
export interface NodeOptions {
  name?: string;
  cpu?: string;
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
}

/** Timings and sizes shared by the cells of a simulator. */
export interface CellTimings {
  /** First CrashLoopBackOff delay (real kubelet: 10s). */
  crashLoopBackOffBaseMs: number;
  /** Maximum CrashLoopBackOff delay (real kubelet: 5m). */
  crashLoopBackOffMaxMs: number;
  /** HPA sync period (real controller manager: 15s). */
  hpaSyncPeriodMs: number;
  /** Interval of BOOKMARK events on watches that allow them. */
  bookmarkIntervalMs: number;
  /** Events retained per resource type for watches and continue tokens (older ones get 410). */
  watchCacheSize: number;
}

/** Options of one simulated cell. */
export interface CellOptions {
  /** Cell (cluster) name, also the kubeconfig context name. */
  name: string;
  /** Region the cell belongs to (node topology labels). */
  region?: string;
  /** API port; 0 picks a free port. */
  port?: number;
  /** API bearer token; generated when absent. */
  token?: string;
  /**
   * Serve HTTPS with a generated CA (default true, like every real cluster; the kubeconfig
   * carries the CA). `false` serves plain HTTP.
   */
  tls?: boolean;
  /**
   * The Kubernetes version the cell follows (default v1.26.15): its `/version`, API options,
   * messages and features. Newer behaviour only when a newer version is configured.
   */
  kubernetesVersion?: string;
  /** Number of nodes (default 4) or their descriptions. */
  nodes?: number | NodeOptions[];
  /** First pod address (a 127.x.y.z address); the cell uses the following ~65k addresses. */
  podAddressBase?: string;
}

/** One running simulated cell: API server, controllers and kubelet. */
export class Cell {
  readonly name: string;
  readonly region: string;
  readonly token: string;
  readonly caCert?: string;
  /** The Kubernetes version the cell follows. */
  readonly version: KubeVersion;
  readonly store: ObjectStore;
  readonly api: ClusterApi;
  readonly podAddressBase: string;
  private readonly server: ApiServer;
  private readonly kubelet: Kubelet;
  private readonly controllers: Controller[] = [];
  private readonly hpa: HpaController;
  private readonly errors: string[] = [];

  private constructor(opts: CellOptions, timings: CellTimings, podAddressBase: string, onTargetsChanged: (cell: Cell) => void) {
    this.name = opts.name;
    this.region = opts.region ?? 'dev';
    this.token = opts.token ?? randomBytes(24).toString('base64url');
    this.podAddressBase = podAddressBase;
    this.version = parseKubeVersion(opts.kubernetesVersion);
    this.store = new ObjectStore(timings.watchCacheSize);
    let nextServiceIp = 10;
    let nextNodePort = 30000;
    this.api = new ClusterApi(this.store, {
      beforeCreate: (rt: ResourceType, obj: KubeObject) => {
        if (rt.kind !== 'Service' || obj.spec?.type === 'ExternalName') return obj;
        const spec = { ...obj.spec };
        if (!spec.clusterIP) {
          const n = nextServiceIp++;
          spec.clusterIP = `10.96.${(n >> 8) & 255}.${n & 255}`;
        }
        spec.clusterIPs = [spec.clusterIP];
        if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
          spec.ports = (spec.ports ?? []).map((p: any) => ({ ...p, nodePort: p.nodePort ?? nextNodePort++ }));
        }
        return { ...obj, spec };
      },
    }, this.version);
    // The cluster CA exists either way (it is published in every namespace); HTTPS is the default.
    const tls = generateTls(opts.name, '127.0.0.1');
    const serveTls = opts.tls ?? true;
    this.caCert = serveTls ? tls.caCert : undefined;
    const events = new EventRecorder(this.api);
    const onError = (controller: string, key: string, error: unknown) => {
      const msg = `${controller} ${key}: ${(error as Error)?.stack ?? error}`;
      this.errors.push(msg);
      if (this.errors.length > 100) this.errors.shift();
      if (process.env.CELL_SIM_DEBUG) process.stderr.write(`[cell-sim ${this.name}] ${msg}\n`);
    };
    const ctx: ControllerContext = { api: this.api, store: this.store, events, onError };
    const allocator = new AddressAllocator(podAddressBase);
    const nodes = this.bootstrapNodes(opts);
    for (const ip of nodes.values()) allocator.reserve(ip);
    this.kubelet = new Kubelet({
      cellName: this.name,
      store: this.store,
      api: this.api,
      events,
      allocator,
      nodes,
      crashLoopBaseMs: timings.crashLoopBackOffBaseMs,
      crashLoopMaxMs: timings.crashLoopBackOffMaxMs,
      probeUserAgent: `kube-probe/${this.version.major}.${this.version.minor}`,
      onTargetsChanged: () => onTargetsChanged(this),
      onError: (key, e) => onError('kubelet', key, e),
    });
    this.hpa = new HpaController(ctx, this.kubelet, timings.hpaSyncPeriodMs);
    this.controllers.push(
      new Scheduler(ctx),
      new ReplicaSetController(ctx),
      new DeploymentController(ctx),
      new EndpointsController(ctx),
      new GarbageCollector(ctx),
      new NamespaceController(ctx),
      new RootCaPublisher(ctx, tls.caCert),
      this.hpa,
    );
    this.server = new ApiServer(this.api, {
      cellName: this.name,
      host: '127.0.0.1',
      port: opts.port ?? 0,
      token: this.token,
      tls: serveTls ? { key: tls.key, cert: tls.cert } : undefined,
      version: this.version,
      logs: this.kubelet,
      bookmarkIntervalMs: timings.bookmarkIntervalMs,
    });
  }

  /** Creates and starts a cell. */
  static async start(opts: CellOptions, timings: CellTimings, podAddressBase: string, onTargetsChanged: (cell: Cell) => void): Promise<Cell> {
    const cell = new Cell(opts, timings, podAddressBase, onTargetsChanged);
    await cell.server.start();
    cell.bootstrapApiObjects();
    // History of the bootstrap is not retained: watching from resourceVersion 1 gets 410 Gone.
    cell.store.compact();
    return cell;
  }

  private bootstrapNodes(opts: CellOptions): Map<string, string> {
    const specs: NodeOptions[] = Array.isArray(opts.nodes)
      ? opts.nodes
      : Array.from({ length: opts.nodes ?? 4 }, () => ({}));
    const nodes = new Map<string, string>();
    const sys = { manager: 'kube-apiserver' };
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      this.api.create(RT.ns, undefined, { metadata: { name: ns } }, sys);
    }
    specs.forEach((spec, i) => {
      const name = spec.name ?? `${this.name}-node-${i + 1}`;
      const ip = AddressAllocator.offset(this.podAddressBase, 65_001 + i);
      nodes.set(name, ip);
      const capacity = { cpu: spec.cpu ?? '16', memory: spec.memory ?? '64Gi', pods: String(spec.pods ?? 110), 'ephemeral-storage': '100Gi' };
      const now = `${new Date().toISOString().slice(0, 19)}Z`;
      const cond = (type: string, status: string, reason: string, message: string) => ({
        type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message,
      });
      this.api.create(RT.node, undefined, {
        metadata: {
          name,
          labels: {
            'kubernetes.io/hostname': name,
            'kubernetes.io/os': 'linux',
            'kubernetes.io/arch': 'amd64',
            'topology.kubernetes.io/region': this.region,
            'topology.kubernetes.io/zone': this.name,
            'cellport.io/simulated': 'true',
            ...(spec.labels ?? {}),
          },
          annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
        },
        spec: {},
        status: {
          capacity,
          allocatable: capacity,
          conditions: [
            cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
            cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
            cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
            cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status (simulated)'),
          ],
          addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }],
          daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
          nodeInfo: {
            machineID: randomHex(16), systemUUID: randomHex(16), bootID: randomHex(16),
            kernelVersion: 'cellport-sim', osImage: 'Cellport simulated node', containerRuntimeVersion: 'cellport-sim://0.1.0',
            kubeletVersion: this.version.gitVersion, kubeProxyVersion: this.version.gitVersion, operatingSystem: 'linux', architecture: 'amd64',
          },
        },
      }, { manager: 'kubelet' });
    });
    return nodes;
  }

  private bootstrapApiObjects() {
    const sys = { manager: 'kube-apiserver' };
    const port = this.server.port;
    this.api.create(RT.svc, 'default', {
      metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }] },
    }, sys);
    this.api.create(RT.ep, 'default', {
      metadata: { name: 'kubernetes', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port, protocol: 'TCP' }] }],
    }, sys);
    this.api.create(RT.eps, 'default', {
      metadata: { name: 'kubernetes', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
      ports: [{ name: 'https', port, protocol: 'TCP' }],
    }, sys);
  }

  /** The API server URL. */
  get url(): string {
    return this.server.url;
  }

  /** The API port. */
  get port(): number {
    return this.server.port;
  }

  /** The cell's kubeconfig (YAML). */
  get kubeconfig(): string {
    return buildKubeconfig([{ name: this.name, server: this.url, token: this.token, caCert: this.caCert }]);
  }

  /** Whether the API accepts connections. */
  get reachable(): boolean {
    return this.server.isReachable();
  }

  /** Makes the API unreachable (connection refused) or reachable again. Pods keep running. */
  setReachable(reachable: boolean): Promise<void> {
    return this.server.setReachable(reachable);
  }

  /** Prometheus targets of running pods. */
  targets(): PodTarget[] {
    return this.kubelet.targets();
  }

  /** Runs the HPA controller once now (instead of waiting for its period). */
  syncAutoscalers() {
    this.hpa.syncAll();
  }

  /** Recent internal controller errors (for debugging). */
  controllerErrors(): string[] {
    return [...this.errors];
  }

  /** Stops controllers, pod servers and the API server. */
  async stop(): Promise<void> {
    for (const c of this.controllers) c.stop();
    this.kubelet.stop();
    await this.server.close();
  }
}


import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  AppEvent,
  CellVersionStatus,
  PodSummary,
} from '@cellport/plugin-cells-common';
import {
  KubernetesObject,
  Log,
  PatchStrategy,
  setHeaderOptions,
  V1Pod,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { PassThrough, Writable } from 'node:stream';
import { CellSupplier } from '@cellport/plugin-cells-node';
import { CellClient, CellClients } from './CellClients';
import { CellUnreachableError, kubeStatusCode, toCellError } from './errors';
import {
  appSelector,
  deploymentManifest,
  hpaManifest,
  imagePullPolicyFor,
  namespaceManifest,
  pullSecretManifest,
  pullSecretName,
  serviceManifest,
  workloadName,
} from './manifests';
import {
  eventSummary,
  isPodActive,
  podSummary,
  rankPodsForDeletion,
  readyAddressesOfEndpoints,
  readyAddressesOfSlices,
  versionStatus,
} from './summaries';
import {
  AppBase,
  CELLPORT_LABELS,
  CellDiagnostics,
  CellWorkloads,
  FIELD_MANAGER,
  NamespaceState,
  PodLogOptions,
  TrafficHook,
  VersionToRun,
} from './types';

/**
 * Options of {@link KubeCellWorkloads.create}.
 *
 * @public
 */
export interface KubeCellWorkloadsOptions {
  supplier: CellSupplier;
  logger: LoggerService;
  /** Takes leaving pods out of the load balancers before they are deleted. */
  trafficHook?: TrafficHook;
  /** Bound of every Kubernetes request; default 15 s. */
  requestTimeoutMs?: number;
  /** Bound of the reachability check; default 3 s. */
  reachabilityTimeoutMs?: number;
  /** How long a scale-down waits for the leaving pods to leave the endpoints; default 60 s. */
  drainTimeoutMs?: number;
  /** Poll interval while waiting for endpoints; default 250 ms. */
  pollIntervalMs?: number;
  /**
   * Registry hosts (`host[:port]`) whose images may be private: their pods pull with
   * `imagePullPolicy: Always`, as do pods with an image pull secret, so that a node's cache never
   * starts a private image without the credentials (see {@link imagePullPolicyFor}).
   */
  alwaysPullFrom?: string[];
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Pods with a lower cost are deleted first by the ReplicaSet controller. */
const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const ipsOf = (pods: V1Pod[]) =>
  pods.map(p => p.status?.podIP).filter((ip): ip is string => Boolean(ip));

/**
 * {@link CellWorkloads} and {@link CellDiagnostics} on real (or simulated) Kubernetes clusters
 * through @kubernetes/client-node. Writes are server-side applies with field manager `cellport`
 * (forced, so the portal's intent wins over manual edits), reads use the typed APIs; every error
 * names its cell, and unreachable cells reject with {@link CellUnreachableError}.
 *
 * @public
 */
export class KubeCellWorkloads implements CellWorkloads, CellDiagnostics {
  static create(options: KubeCellWorkloadsOptions): KubeCellWorkloads {
    return new KubeCellWorkloads(options);
  }

  private readonly clients: CellClients;
  private readonly reachabilityTimeoutMs: number;
  private readonly drainTimeoutMs: number;
  private readonly pollIntervalMs: number;

  private constructor(private readonly options: KubeCellWorkloadsOptions) {
    this.clients = new CellClients(
      options.supplier,
      options.requestTimeoutMs ?? 15_000,
    );
    this.reachabilityTimeoutMs = options.reachabilityTimeoutMs ?? 3_000;
    this.drainTimeoutMs = options.drainTimeoutMs ?? 60_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
  }

  // ---- apps ----------------------------------------------------------------------------------

  async ensureApp(cell: string, app: AppBase): Promise<void> {
    const client = await this.clients.get(cell);
    await this.apply(client, namespaceManifest(app.name));
    await this.apply(client, serviceManifest(app.name));
    if (app.pullSecretDockerConfigJson) {
      await this.apply(
        client,
        pullSecretManifest(app.name, app.pullSecretDockerConfigJson),
      );
    }
  }

  async deleteApp(cell: string, app: string): Promise<void> {
    const client = await this.clients.get(cell);
    const state = await this.getNamespaceState(cell, app);
    if (state === 'absent' || state === 'terminating') {
      return;
    }
    if (state === 'foreign') {
      this.options.logger.warn(
        'Namespace not deleted: it was not made by Cellport for this app',
        { cell, app },
      );
      return;
    }
    await this.call(cell, `delete Namespace ${app}`, async () => {
      try {
        await client.core.deleteNamespace({
          name: app,
          propagationPolicy: 'Background',
        });
      } catch (e) {
        if (kubeStatusCode(e) !== 404) throw e;
      }
    });
  }

  async getNamespaceState(cell: string, app: string): Promise<NamespaceState> {
    const client = await this.clients.get(cell);
    return this.call(cell, `read Namespace ${app}`, async () => {
      try {
        const ns = await client.core.readNamespace({ name: app });
        const labels = ns.metadata?.labels ?? {};
        if (
          labels[CELLPORT_LABELS.managedBy] !== 'cellport' ||
          labels[CELLPORT_LABELS.app] !== app
        ) {
          return 'foreign';
        }
        return ns.metadata?.deletionTimestamp ||
          ns.status?.phase === 'Terminating'
          ? 'terminating'
          : 'cellport';
      } catch (e) {
        if (kubeStatusCode(e) === 404) return 'absent';
        throw e;
      }
    });
  }

  // ---- versions ------------------------------------------------------------------------------

  async applyVersion(
    cell: string,
    app: string,
    version: VersionToRun,
    replicas: number,
  ): Promise<void> {
    const client = await this.clients.get(cell);
    const name = workloadName(app, version.name);
    const hasPullSecret = await this.call(
      cell,
      `read Secret ${pullSecretName(app)}`,
      async () => {
        try {
          await client.core.readNamespacedSecret({
            name: pullSecretName(app),
            namespace: app,
          });
          return true;
        } catch (e) {
          if (kubeStatusCode(e) === 404) return false;
          throw e;
        }
      },
    );
    const existed = version.spec.autoscaling
      ? (await this.readDeployment(client, app, version.name)) !== undefined
      : true;
    await this.apply(
      client,
      deploymentManifest(app, version, {
        replicas,
        pullSecret: hasPullSecret ? pullSecretName(app) : undefined,
        imagePullPolicy: imagePullPolicyFor(version.spec.image, {
          hasPullSecret,
          alwaysPullFrom: this.options.alwaysPullFrom ?? [],
        }),
      }),
    );
    const hpa = hpaManifest(app, version);
    if (hpa) {
      // the HPA owns spec.replicas; the portal only sets where it starts (or stops it at 0)
      if (!existed || replicas === 0) {
        await this.scaleVersion(cell, app, version.name, replicas);
      }
      await this.apply(client, hpa);
    } else {
      await this.deleteHpa(client, app, name);
    }
  }

  async scaleVersion(
    cell: string,
    app: string,
    version: string,
    replicas: number,
  ): Promise<void> {
    const client = await this.clients.get(cell);
    const name = workloadName(app, version);
    await this.call(cell, `scale Deployment ${name}`, () =>
      client.apps.patchNamespacedDeploymentScale(
        {
          name,
          namespace: app,
          body: { spec: { replicas } },
          fieldManager: FIELD_MANAGER,
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
  }

  async drainAndScale(
    cell: string,
    app: string,
    version: string,
    replicas: number,
  ): Promise<void> {
    const client = await this.clients.get(cell);
    const deployment = await this.readDeployment(client, app, version);
    if (!deployment) {
      if (replicas === 0) return;
      throw new NotFoundError(
        `cell '${cell}': version '${version}' of app '${app}' has no Deployment`,
      );
    }
    if (replicas >= (deployment.spec?.replicas ?? 0)) {
      // nothing leaves
      await this.scaleVersion(cell, app, version, replicas);
      return;
    }
    const active = (await this.readPods(client, app, version)).filter(
      isPodActive,
    );
    const chosen = rankPodsForDeletion(active).slice(
      0,
      Math.max(0, active.length - replicas),
    );
    if (chosen.length > 0 && chosen.length < active.length) {
      // the ReplicaSet controller deletes the pods with the lowest deletion cost first, so
      // the pods that leave are exactly those the load balancers let go of
      await this.markForDeletion(client, app, chosen);
    }
    const chosenIPs = ipsOf(chosen);
    const hook = this.options.trafficHook;
    if (chosenIPs.length > 0 && hook) {
      await hook.drain({ cell, app, podIPs: chosenIPs });
    }
    await this.scaleVersion(cell, app, version, replicas);
    if (chosen.length === 0) {
      return;
    }
    const leaving = await this.leavingPods(
      client,
      app,
      version,
      active,
      replicas,
    );
    const unexpected = ipsOf(leaving).filter(ip => !chosenIPs.includes(ip));
    if (unexpected.length > 0) {
      this.options.logger.warn(
        'The ReplicaSet controller picked other pods than predicted; draining them late',
        { cell, app, version, podIPs: unexpected.join(',') },
      );
      if (hook) {
        await hook.drain({ cell, app, podIPs: unexpected });
      }
    }
    await this.waitOutOfEndpoints(client, app, ipsOf(leaving));
  }

  async removeVersion(
    cell: string,
    app: string,
    version: string,
  ): Promise<void> {
    const client = await this.clients.get(cell);
    const name = workloadName(app, version);
    // the HPA goes first so that it cannot scale the version back up
    await this.deleteHpa(client, app, name);
    await this.drainAndScale(cell, app, version, 0);
    await this.call(cell, `delete Deployment ${name}`, async () => {
      try {
        await client.apps.deleteNamespacedDeployment({
          name,
          namespace: app,
          propagationPolicy: 'Background',
        });
      } catch (e) {
        if (kubeStatusCode(e) !== 404) throw e;
      }
    });
  }

  async getVersionStatus(
    cell: string,
    app: string,
    version: string,
  ): Promise<CellVersionStatus | undefined> {
    const client = await this.clients.get(cell);
    const deployment = await this.readDeployment(client, app, version);
    if (!deployment) {
      return undefined;
    }
    const name = workloadName(app, version);
    const hpa = await this.call(cell, `read HPA ${name}`, async () => {
      try {
        return await client.autoscaling.readNamespacedHorizontalPodAutoscaler({
          name,
          namespace: app,
        });
      } catch (e) {
        if (kubeStatusCode(e) === 404) return undefined;
        throw e;
      }
    });
    return versionStatus(deployment, hpa);
  }

  async listVersionStatuses(
    cell: string,
    app: string,
  ): Promise<CellVersionStatus[]> {
    const client = await this.clients.get(cell);
    const [deployments, hpas] = await Promise.all([
      this.call(cell, `list Deployments of ${app}`, () =>
        client.apps.listNamespacedDeployment({
          namespace: app,
          labelSelector: appSelector(app),
        }),
      ),
      this.call(cell, `list HPAs of ${app}`, () =>
        client.autoscaling.listNamespacedHorizontalPodAutoscaler({
          namespace: app,
          labelSelector: appSelector(app),
        }),
      ),
    ]);
    const hpaByName = new Map<string, V2HorizontalPodAutoscaler>(
      hpas.items.map(h => [h.metadata?.name ?? '', h]),
    );
    return deployments.items
      .sort(
        (a, b) =>
          new Date(b.metadata?.creationTimestamp ?? 0).getTime() -
          new Date(a.metadata?.creationTimestamp ?? 0).getTime(),
      )
      .map(d => versionStatus(d, hpaByName.get(d.metadata?.name ?? '')));
  }

  async listPods(
    cell: string,
    app: string,
    version?: string,
  ): Promise<PodSummary[]> {
    const client = await this.clients.get(cell);
    const pods = await this.readPods(client, app, version);
    return pods
      .map(p => podSummary(cell, p))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async isReachable(cell: string): Promise<boolean> {
    try {
      const client = await this.clients.withTimeout(
        cell,
        this.reachabilityTimeoutMs,
      );
      await client.version.getCode();
      return true;
    } catch (e) {
      if (e instanceof NotFoundError) throw e;
      return false;
    }
  }

  // ---- diagnostics ---------------------------------------------------------------------------

  async listEvents(cell: string, app: string): Promise<AppEvent[]> {
    const client = await this.clients.get(cell);
    const events = await this.call(cell, `list Events of ${app}`, () =>
      client.core.listNamespacedEvent({ namespace: app }),
    );
    return events.items.map(e => eventSummary(cell, e));
  }

  async getPod(
    cell: string,
    app: string,
    pod: string,
  ): Promise<(PodSummary & { previousContainers: string[] }) | undefined> {
    const client = await this.clients.get(cell);
    const found = await this.call(cell, `read Pod ${pod}`, async () => {
      try {
        return await client.core.readNamespacedPod({
          name: pod,
          namespace: app,
        });
      } catch (e) {
        if (kubeStatusCode(e) === 404) return undefined;
        throw e;
      }
    });
    if (!found) {
      return undefined;
    }
    return {
      ...podSummary(cell, found),
      previousContainers: (found.status?.containerStatuses ?? [])
        .filter(c => c.lastState?.terminated)
        .map(c => c.name),
    };
  }

  async streamPodLog(
    cell: string,
    app: string,
    pod: string,
    options: PodLogOptions,
    out: Writable,
  ): Promise<AbortController> {
    const client = await this.clients.get(cell);
    // the Log class pipes the response into the stream it is given; a relay lets us see the
    // source's errors (an abort, a cut connection), which would otherwise be unhandled
    const relay = new PassThrough();
    relay.on('pipe', source => {
      source.on('error', () => relay.end());
    });
    const controller = await this.call(
      cell,
      `read the log of pod ${pod}`,
      async () => {
        try {
          return await new Log(client.kc).log(
            app,
            pod,
            options.container,
            relay,
            {
              follow: options.follow ?? false,
              previous: options.previous ?? false,
              tailLines: options.tailLines,
              limitBytes: options.limitBytes,
            },
          );
        } catch (e) {
          // the Log class reports 4xx without the API server's message
          if (kubeStatusCode(e) === 400) {
            throw new InputError(
              `cell '${cell}': the log of container '${
                options.container
              }' of pod '${pod}' cannot be read${
                options.previous ? ' (it has no previous instance)' : ''
              }`,
            );
          }
          if (kubeStatusCode(e) === 500 && !(e as { body?: unknown }).body) {
            // the Log class turns network failures into a bare 500
            throw new CellUnreachableError(
              cell,
              `cell '${cell}' is unreachable: the log of pod '${pod}' could not be read`,
            );
          }
          throw e;
        }
      },
    );
    relay.pipe(out);
    return controller;
  }

  // ---- internals -----------------------------------------------------------------------------

  private async call<T>(
    cell: string,
    what: string,
    fn: () => Promise<T>,
  ): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toCellError(cell, what, e);
    }
  }

  private async apply(client: CellClient, object: KubernetesObject) {
    await this.call(
      client.cell.name,
      `apply ${object.kind} ${object.metadata?.name}`,
      () =>
        client.objects.patch(
          object,
          undefined,
          undefined,
          FIELD_MANAGER,
          true,
          PatchStrategy.ServerSideApply,
        ),
    );
  }

  private async readDeployment(
    client: CellClient,
    app: string,
    version: string,
  ) {
    const name = workloadName(app, version);
    return this.call(client.cell.name, `read Deployment ${name}`, async () => {
      try {
        return await client.apps.readNamespacedDeployment({
          name,
          namespace: app,
        });
      } catch (e) {
        if (kubeStatusCode(e) === 404) return undefined;
        throw e;
      }
    });
  }

  private async readPods(
    client: CellClient,
    app: string,
    version?: string,
  ): Promise<V1Pod[]> {
    const list = await this.call(client.cell.name, `list Pods of ${app}`, () =>
      client.core.listNamespacedPod({
        namespace: app,
        labelSelector: appSelector(app, version),
      }),
    );
    return list.items;
  }

  private async deleteHpa(client: CellClient, app: string, name: string) {
    await this.call(client.cell.name, `delete HPA ${name}`, async () => {
      try {
        await client.autoscaling.deleteNamespacedHorizontalPodAutoscaler({
          name,
          namespace: app,
        });
      } catch (e) {
        if (kubeStatusCode(e) !== 404) throw e;
      }
    });
  }

  /** The addresses the app's Service sends traffic to (EndpointSlices, else Endpoints). */
  private async readyAddresses(client: CellClient, app: string) {
    try {
      const slices = await client.discovery.listNamespacedEndpointSlice({
        namespace: app,
        labelSelector: `kubernetes.io/service-name=${app}`,
      });
      return readyAddressesOfSlices(slices.items);
    } catch (e) {
      if (kubeStatusCode(e) !== 404) throw e;
    }
    try {
      return readyAddressesOfEndpoints(
        await client.core.readNamespacedEndpoints({
          name: app,
          namespace: app,
        }),
      );
    } catch (e) {
      if (kubeStatusCode(e) === 404) return new Set<string>();
      throw e;
    }
  }

  /** Sets the lowest pod deletion cost on the pods a scale-down should remove. */
  private async markForDeletion(
    client: CellClient,
    app: string,
    pods: V1Pod[],
  ) {
    for (const pod of pods) {
      const name = pod.metadata?.name ?? '';
      await this.call(client.cell.name, `annotate Pod ${name}`, async () => {
        try {
          await client.core.patchNamespacedPod(
            {
              name,
              namespace: app,
              body: {
                metadata: { annotations: { [POD_DELETION_COST]: '-1000' } },
              },
              fieldManager: FIELD_MANAGER,
            },
            setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
          );
        } catch (e) {
          if (kubeStatusCode(e) !== 404) throw e;
        }
      });
    }
  }

  /**
   * The pods of `before` that the scale-down removes: waits (bounded by the drain timeout) until
   * no more than `replicas` of them are still active.
   */
  private async leavingPods(
    client: CellClient,
    app: string,
    version: string,
    before: V1Pod[],
    replicas: number,
  ): Promise<V1Pod[]> {
    const deadline = Date.now() + this.drainTimeoutMs;
    for (;;) {
      const now = new Map(
        (await this.readPods(client, app, version)).map(p => [
          p.metadata?.uid,
          p,
        ]),
      );
      const leaving = before.filter(p => {
        const current = now.get(p.metadata?.uid);
        return !current || !isPodActive(current);
      });
      if (before.length - leaving.length <= replicas || Date.now() > deadline) {
        return leaving;
      }
      await sleep(this.pollIntervalMs);
    }
  }

  /**
   * Waits until the leaving pods are out of the Service's endpoints; gives up with a warning
   * after the drain timeout.
   */
  private async waitOutOfEndpoints(
    client: CellClient,
    app: string,
    podIPs: string[],
  ) {
    const cell = client.cell.name;
    const deadline = Date.now() + this.drainTimeoutMs;
    for (;;) {
      const ready = await this.call(cell, `read endpoints of ${app}`, () =>
        this.readyAddresses(client, app),
      );
      const still = podIPs.filter(ip => ready.has(ip));
      if (still.length === 0) {
        return;
      }
      if (Date.now() > deadline) {
        this.options.logger.warn(
          'Pods still in the endpoints after the drain timeout',
          { cell, app, podIPs: still.join(',') },
        );
        return;
      }
      await sleep(this.pollIntervalMs);
    }
  }
}

import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  AppEvent,
  CellVersionStatus,
  PodSummary,
} from '@cellport/plugin-cells-common';
import {
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { Writable } from 'node:stream';
import { CellSupplier } from '@cellport/plugin-cells-node';
import { CellClients } from './CellClients';
import { KubeCellDiagnostics } from './KubeCellDiagnostics';
import {
  applyObject,
  callCell,
  deleteHpa,
  readDeployment,
  readOrUndefined,
  readPods,
} from './kubeCalls';
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
import { ipsOf, PodDrain } from './PodDrain';
import {
  isPodActive,
  podSummaries,
  rankPodsForDeletion,
  versionStatus,
  versionStatuses,
} from './summaries';
import {
  AppBase,
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

  /** The clients of every cell (one connection pool per cell), shared with the view cache. */
  readonly clients: CellClients;
  private readonly diagnostics: KubeCellDiagnostics;
  private readonly drain: PodDrain;
  private readonly reachabilityTimeoutMs: number;

  private constructor(private readonly options: KubeCellWorkloadsOptions) {
    this.clients = new CellClients(
      options.supplier,
      options.requestTimeoutMs ?? 15_000,
    );
    this.diagnostics = new KubeCellDiagnostics(this.clients);
    this.drain = new PodDrain({
      logger: options.logger,
      drainTimeoutMs: options.drainTimeoutMs ?? 60_000,
      pollIntervalMs: options.pollIntervalMs ?? 250,
    });
    this.reachabilityTimeoutMs = options.reachabilityTimeoutMs ?? 3_000;
  }

  // ---- apps ----------------------------------------------------------------------------------

  async ensureApp(cell: string, app: AppBase): Promise<void> {
    const client = await this.clients.get(cell);
    await applyObject(client, namespaceManifest(app.name));
    await applyObject(client, serviceManifest(app.name));
    if (app.pullSecretDockerConfigJson) {
      await applyObject(
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
    await readOrUndefined(cell, `delete Namespace ${app}`, () =>
      client.core.deleteNamespace({
        name: app,
        propagationPolicy: 'Background',
      }),
    );
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
    const hasPullSecret =
      (await readOrUndefined(cell, `read Secret ${pullSecretName(app)}`, () =>
        client.core.readNamespacedSecret({
          name: pullSecretName(app),
          namespace: app,
        }),
      )) !== undefined;
    const existed = version.spec.autoscaling
      ? (await readDeployment(client, app, version.name)) !== undefined
      : true;
    await applyObject(
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
      await applyObject(client, hpa);
    } else {
      await deleteHpa(client, app, name);
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
    await callCell(cell, `scale Deployment ${name}`, () =>
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
    const deployment = await readDeployment(client, app, version);
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
    const active = (await readPods(client, app, version)).filter(isPodActive);
    const chosen = rankPodsForDeletion(active).slice(
      0,
      Math.max(0, active.length - replicas),
    );
    if (chosen.length > 0 && chosen.length < active.length) {
      // the ReplicaSet controller deletes the pods with the lowest deletion cost first, so
      // the pods that leave are exactly those the load balancers let go of
      await this.drain.markForDeletion(client, app, chosen);
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
    const leaving = await this.drain.leavingPods(
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
    await this.drain.waitOutOfEndpoints(client, app, ipsOf(leaving));
  }

  async removeVersion(
    cell: string,
    app: string,
    version: string,
  ): Promise<void> {
    const client = await this.clients.get(cell);
    const name = workloadName(app, version);
    // the HPA goes first so that it cannot scale the version back up
    await deleteHpa(client, app, name);
    await this.drainAndScale(cell, app, version, 0);
    await readOrUndefined(cell, `delete Deployment ${name}`, () =>
      client.apps.deleteNamespacedDeployment({
        name,
        namespace: app,
        propagationPolicy: 'Background',
      }),
    );
  }

  async getVersionStatus(
    cell: string,
    app: string,
    version: string,
  ): Promise<CellVersionStatus | undefined> {
    const client = await this.clients.get(cell);
    const deployment = await readDeployment(client, app, version);
    if (!deployment) {
      return undefined;
    }
    const name = workloadName(app, version);
    const hpa = await readOrUndefined(cell, `read HPA ${name}`, () =>
      client.autoscaling.readNamespacedHorizontalPodAutoscaler({
        name,
        namespace: app,
      }),
    );
    return versionStatus(deployment, hpa);
  }

  async listVersionStatuses(
    cell: string,
    app: string,
  ): Promise<CellVersionStatus[]> {
    const client = await this.clients.get(cell);
    const [deployments, hpas] = await Promise.all([
      callCell(cell, `list Deployments of ${app}`, () =>
        client.apps.listNamespacedDeployment({
          namespace: app,
          labelSelector: appSelector(app),
        }),
      ),
      callCell(cell, `list HPAs of ${app}`, () =>
        client.autoscaling.listNamespacedHorizontalPodAutoscaler({
          namespace: app,
          labelSelector: appSelector(app),
        }),
      ),
    ]);
    return versionStatuses(deployments.items, hpas.items);
  }

  async listPods(
    cell: string,
    app: string,
    version?: string,
  ): Promise<PodSummary[]> {
    const client = await this.clients.get(cell);
    return podSummaries(cell, await readPods(client, app, version));
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

  // ---- diagnostics (see KubeCellDiagnostics) -------------------------------------------------

  getNamespaceState(cell: string, app: string): Promise<NamespaceState> {
    return this.diagnostics.getNamespaceState(cell, app);
  }

  listEvents(cell: string, app: string): Promise<AppEvent[]> {
    return this.diagnostics.listEvents(cell, app);
  }

  getPod(
    cell: string,
    app: string,
    pod: string,
  ): Promise<(PodSummary & { previousContainers: string[] }) | undefined> {
    return this.diagnostics.getPod(cell, app, pod);
  }

  streamPodLog(
    cell: string,
    app: string,
    pod: string,
    options: PodLogOptions,
    out: Writable,
  ): Promise<AbortController> {
    return this.diagnostics.streamPodLog(cell, app, pod, options, out);
  }
}

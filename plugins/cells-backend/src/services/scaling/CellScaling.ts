/**
 * The cells side of moving replicas between cells (the slb plugin's cell evacuation): where an
 * app's stable version runs, how many more replicas each cell's free capacity takes, and scaling
 * one cell's share through the same workloads (and so the same drain before delete) as a user's
 * scale.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  CellResources,
  CellStatus,
  cpuMillis,
  memoryBytes,
  VersionSpec,
} from '@cellport/plugin-cells-common';
import {
  AppCellPlacement,
  AppPlacement,
  CellReachability,
  CellsScalingService,
  CellSupplier,
} from '@cellport/plugin-cells-node';
import { AppStore } from '../../database/types';
import { podsFitting } from '../apps/capacity';
import { CellWorkloads } from '../kube/types';

const minus = (a: CellResources, b: CellResources): CellResources => ({
  cpuMillis: a.cpuMillis - b.cpuMillis,
  memoryBytes: a.memoryBytes - b.memoryBytes,
  pods: a.pods - b.pods,
});

/**
 * How many more pods of the spec's requests fit into what the cell's schedulable nodes still
 * allocate (allocatable minus the requests of the pods bound to them; per node, as a pod never
 * spans nodes), or the whole cell's when nodes are unknown. Undefined when the capacity is unknown.
 */
export function extraReplicasFitting(
  status: CellStatus | undefined,
  spec: Pick<VersionSpec, 'resources'>,
): number | undefined {
  const cpu = cpuMillis(spec.resources.requests.cpu);
  const memory = memoryBytes(spec.resources.requests.memory);
  const nodes = (status?.nodes ?? []).filter(n => n.schedulable && n.ready);
  if (nodes.length > 0) {
    return nodes.reduce((sum, n) => sum + podsFitting(minus(n.allocatable, n.usage), cpu, memory), 0);
  }
  if (!status?.capacity) return undefined;
  return podsFitting(status.usage ? minus(status.capacity, status.usage) : status.capacity, cpu, memory);
}

/** {@link CellsScalingService} over the cells plugin's own store and workloads. */
export class CellScaling implements CellsScalingService {
  constructor(
    private readonly deps: {
      store: AppStore;
      workloads: CellWorkloads;
      supplier: CellSupplier;
      /** The last health check's status of a cell (capacity and usage). */
      cellStatus: (cell: string) => Promise<CellStatus | undefined>;
      logger: LoggerService;
    },
  ) {}

  async getPlacement(appName: string): Promise<AppPlacement> {
    const { store, workloads, cellStatus } = this.deps;
    const app = await store.getApp(appName);
    if (!app) throw new NotFoundError(`App '${appName}' not found`);
    const cells = await Promise.all(
      app.cells.map(async (c): Promise<AppCellPlacement> => {
        const version = c.stableVersion ?? app.currentVersion;
        const out: AppCellPlacement = {
          cell: c.cell,
          region: app.region,
          stableVersion: version,
          specReplicas: 0,
          reachable: true,
        };
        if (!version) return out;
        const stored = await store.getVersion(appName, version);
        if (stored) {
          out.specReplicas = stored.spec.replicas[c.cell] ?? 0;
          if (stored.spec.autoscaling) {
            out.autoscaling = {
              min: stored.spec.autoscaling.minReplicas,
              max: stored.spec.autoscaling.maxReplicas,
            };
          }
          out.extraCapacity = extraReplicasFitting(await cellStatus(c.cell), stored.spec);
        }
        try {
          const status = await workloads.getVersionStatus(c.cell, appName, version);
          out.desired = status?.desired;
          out.ready = status?.ready;
        } catch (e) {
          out.reachable = false;
          out.error = e instanceof Error ? e.message : String(e);
        }
        return out;
      }),
    );
    return { app: appName, region: app.region, cells };
  }

  async scale(request: {
    app: string;
    cell: string;
    version: string;
    replicas: number;
    reason: string;
  }): Promise<void> {
    const { store, workloads, logger } = this.deps;
    const { app: appName, cell, version, replicas, reason } = request;
    const app = await store.getApp(appName);
    if (!app) throw new NotFoundError(`App '${appName}' not found`);
    if (!app.cells.some(c => c.cell === cell)) {
      throw new InputError(`cell '${cell}' is not a cell of app '${appName}'`);
    }
    const stored = await store.getVersion(appName, version);
    if (!stored) throw new NotFoundError(`App '${appName}' has no version '${version}'`);
    if (stored.spec.autoscaling) {
      throw new ConflictError(`version '${version}' autoscales; its replicas belong to its HPA`);
    }
    const status = await workloads.getVersionStatus(cell, appName, version);
    if (!status) {
      throw new ConflictError(`version '${version}' is not deployed in cell '${cell}'`);
    }
    if (replicas < status.desired) {
      await workloads.drainAndScale(cell, appName, version, replicas);
    } else if (replicas > status.desired) {
      await workloads.scaleVersion(cell, appName, version, replicas);
    }
    logger.info('Version scaled for another plugin', {
      app: appName,
      version,
      cell,
      from: status.desired,
      to: replicas,
      reason,
    });
  }

  async checkCells(region?: string): Promise<CellReachability[]> {
    const cells = (await this.deps.supplier.getCells()).filter(c => !region || c.region === region);
    return Promise.all(
      cells.map(async c => ({
        cell: c.name,
        region: c.region,
        reachable: await this.deps.workloads.isReachable(c.name).catch(() => false),
      })),
    );
  }
}

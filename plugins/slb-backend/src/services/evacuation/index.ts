/**
 * Cell evacuation: wires the store, planner, engine, runner and (when configured) the
 * unreachable-cell monitor from config.
 */
import os from 'node:os';
import {
  DatabaseService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CellsScalingService } from '@cellport/plugin-cells-node';
import { ConfigGroupSupplier } from '../ConfigGroupSupplier';
import { SlbEtcd } from '../SlbEtcd';
import { EvacuationEngine } from './EvacuationEngine';
import { EvacuationPlanner } from './EvacuationPlanner';
import { EvacuationRunner } from './EvacuationRunner';
import { EvacuationService } from './EvacuationService';
import { EvacuationStore } from './EvacuationStore';
import { applyEvacuationMigrations } from './migrations';
import { UnreachableCellMonitor } from './UnreachableCellMonitor';

export { createEvacuationRouter } from './createEvacuationRouter';
export { EvacuationService } from './EvacuationService';
export { EvacuationRunner } from './EvacuationRunner';

/** Builds the evacuation service and its runner (started by the caller). */
export async function createEvacuation(deps: {
  config: Config;
  database: DatabaseService;
  logger: LoggerService;
  permissions: PermissionsService;
  scaling: CellsScalingService;
  groups: ConfigGroupSupplier;
  etcd: SlbEtcd;
}): Promise<{ service: EvacuationService; runner: EvacuationRunner }> {
  const knex = await deps.database.getClient();
  if (!deps.database.migrations?.skip) await applyEvacuationMigrations(knex);
  const c = deps.config.getOptionalConfig('cellport.slb.evacuation');
  const seconds = (key: string, fallback: number) => (c?.getOptionalNumber(key) ?? fallback) * 1000;
  const store = new EvacuationStore(knex);
  const planner = new EvacuationPlanner(deps.groups, deps.etcd, deps.scaling);
  const service = new EvacuationService({ store, planner, scaling: deps.scaling, permissions: deps.permissions });
  const engine = new EvacuationEngine({
    store,
    groups: deps.groups,
    etcd: deps.etcd,
    scaling: deps.scaling,
    logger: deps.logger,
    timings: {
      readyTimeoutMs: seconds('readyTimeoutSeconds', 180),
      applyTimeoutMs: seconds('applyTimeoutSeconds', 30),
      rampStepMs: seconds('rampStepSeconds', 10),
      errorTimeoutMs: seconds('errorTimeoutSeconds', 300),
    },
  });
  const unreachableAfter = c?.getOptionalNumber('unreachableAfterSeconds');
  const monitor =
    unreachableAfter !== undefined && unreachableAfter > 0
      ? new UnreachableCellMonitor({
          service,
          scaling: deps.scaling,
          groups: deps.groups,
          afterMs: unreachableAfter * 1000,
          logger: deps.logger,
        })
      : undefined;
  const runner = new EvacuationRunner({
    store,
    engine,
    logger: deps.logger,
    owner: `${os.hostname()}-${process.pid}`,
    intervalMs: 1000,
    leaseMs: 15_000,
    monitor,
    monitorIntervalMs: 2000,
  });
  service.onChange = () => runner.poke();
  return { service, runner };
}

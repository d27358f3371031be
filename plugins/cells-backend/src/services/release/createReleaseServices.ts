import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { Knex } from 'knex';
import { KnexReleaseStore } from '../../database/KnexReleaseStore';
import { ReleaseStore } from '../../database/ReleaseStore';
import { AppStore } from '../../database/types';
import { CellWorkloads } from '../kube/types';
import { GateSourceRegistry } from './GateSource';
import { PrometheusGateSource } from './PrometheusGateSource';
import { ReleaseDriver } from './ReleaseDriver';
import { ReleaseEngine } from './ReleaseEngine';
import { ReleaseService } from './ReleaseService';
import { ReleaseListener } from './ReleaseListener';

/**
 * Options of {@link createReleaseServices}.
 *
 * @public
 */
export interface ReleaseServicesOptions {
  /** The plugin database; the release tables are migrated into it unless `skipMigrations`. */
  knex: Knex;
  skipMigrations?: boolean;
  appStore: AppStore;
  workloads: CellWorkloads;
  logger: LoggerService;
  /** Root config: `cellport.cells.prometheus.*`, `cellport.cells.regions[].prometheusUrl`, `cellport.cells.releases.*`. */
  config?: Config;
  /**
   * The gate sources (from the extension point); `prometheus` is added from config unless a
   * module provided one.
   */
  gateSources?: GateSourceRegistry;
  /** The driver id of this backend instance (default: host, pid and a random suffix). */
  driverId?: string;
  /** The clock; injectable for tests. */
  now?: () => number;
  /** Told once about every release that ends (the plugin notifies whoever started it). */
  listener?: ReleaseListener;
}

/**
 * The release services of the cells plugin.
 *
 * @public
 */
export interface ReleaseServices {
  store: ReleaseStore;
  releases: ReleaseService;
  engine: ReleaseEngine;
  /** Not started: call `driver.start()` once the plugin is up and `driver.stop()` on shutdown. */
  driver: ReleaseDriver;
  gateSources: GateSourceRegistry;
}

/**
 * Builds the release store (migrated), service, engine and driver. Driver timings come from
 * `cellport.cells.releases.tickIntervalMs`, `leaseSeconds` and `maxReleasesPerDriver`.
 *
 * @public
 */
export async function createReleaseServices(
  options: ReleaseServicesOptions,
): Promise<ReleaseServices> {
  const { config, logger, now } = options;
  const store = await KnexReleaseStore.create({
    knex: options.knex,
    skipMigrations: options.skipMigrations,
  });
  const gateSources = options.gateSources ?? new GateSourceRegistry();
  if (config) {
    gateSources.addDefault(
      'prometheus',
      PrometheusGateSource.fromConfig(config),
    );
  }
  const engine = new ReleaseEngine({
    store,
    workloads: options.workloads,
    appStore: options.appStore,
    gateSources,
    logger,
    now,
    listener: options.listener,
  });
  const leaseSeconds = config?.getOptionalNumber(
    'cellport.cells.releases.leaseSeconds',
  );
  const driver = ReleaseDriver.create({
    store,
    engine,
    logger,
    now,
    driverId: options.driverId,
    intervalMs: config?.getOptionalNumber(
      'cellport.cells.releases.tickIntervalMs',
    ),
    leaseMs: leaseSeconds === undefined ? undefined : leaseSeconds * 1000,
    maxReleases: config?.getOptionalNumber(
      'cellport.cells.releases.maxReleasesPerDriver',
    ),
  });
  const releases = new ReleaseService({
    store,
    appStore: options.appStore,
    gateSources,
    logger,
    now,
    onChange: () => driver.wake(),
  });
  return { store, releases, engine, driver, gateSources };
}

import {
  App,
  cpuMillis,
  memoryBytes,
  QuotaUsage,
  VersionSpec,
} from '@cellport/plugin-cells-common';
import { AppStore } from '../../database/types';
import { QuotaStore } from './QuotaStore';

/** CPU and memory requested by `replicas` pods of a version. */
export function requestsOf(
  spec: Pick<VersionSpec, 'resources'>,
  replicas: number,
): { cpuMillis: number; memoryBytes: number } {
  return {
    cpuMillis: cpuMillis(spec.resources.requests.cpu) * replicas,
    memoryBytes: memoryBytes(spec.resources.requests.memory) * replicas,
  };
}

/** What one app requests in each of its cells: its stable version there, with its replicas. */
export type AppCellRequests = Map<
  string,
  { version: string; replicas: number; cpuMillis: number; memoryBytes: number }
>;

/**
 * Computes usage the same way for the quota view and for enforcement: an app's requests are its
 * cells' stable versions' requests × replicas (the replicas a version was last scaled to by hand
 * in that cell, else those of its spec).
 *
 * @public
 */
export class QuotaUsageCalculator {
  constructor(
    private readonly apps: Pick<AppStore, 'getApps' | 'getVersion'>,
    private readonly store: QuotaStore,
  ) {}

  /** The requests of an app per cell. */
  async appRequests(app: App): Promise<AppCellRequests> {
    const scaled = await this.store.scaledReplicas(app.name);
    const specs = new Map<string, VersionSpec | undefined>();
    const result: AppCellRequests = new Map();
    for (const { cell, stableVersion } of app.cells) {
      if (!stableVersion) continue;
      if (!specs.has(stableVersion)) {
        specs.set(
          stableVersion,
          (await this.apps.getVersion(app.name, stableVersion))?.spec,
        );
      }
      const spec = specs.get(stableVersion);
      if (!spec) continue;
      const replicas =
        scaled.get(`${stableVersion}/${cell}`) ?? spec.replicas[cell] ?? 0;
      result.set(cell, {
        version: stableVersion,
        replicas,
        ...requestsOf(spec, replicas),
      });
    }
    return result;
  }

  /** The usage of each of `groups`, given which apps each group owns. */
  async usageOf(appsByGroup: Map<string, string[]>): Promise<Map<string, QuotaUsage>> {
    const names = [...new Set([...appsByGroup.values()].flat())];
    const totals = new Map<string, { cpuMillis: number; memoryBytes: number }>();
    for (const app of await this.apps.getApps(names)) {
      const total = { cpuMillis: 0, memoryBytes: 0 };
      for (const cell of (await this.appRequests(app)).values()) {
        total.cpuMillis += cell.cpuMillis;
        total.memoryBytes += cell.memoryBytes;
      }
      totals.set(app.name, total);
    }
    const usage = new Map<string, QuotaUsage>();
    for (const [group, apps] of appsByGroup) {
      const sum: QuotaUsage = { apps: 0, cpuMillis: 0, memoryBytes: 0 };
      for (const app of apps) {
        const total = totals.get(app);
        if (!total) continue; // gone meanwhile
        sum.apps++;
        sum.cpuMillis += total.cpuMillis;
        sum.memoryBytes += total.memoryBytes;
      }
      usage.set(group, sum);
    }
    return usage;
  }
}

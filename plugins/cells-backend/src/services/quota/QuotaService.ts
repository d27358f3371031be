import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { parseOwnerGroupRef as parseOwnerGroup } from '@cellport/plugin-access-node';
import {
  App,
  OwnerGroupQuota,
  QuotaLimits,
  QuotaUsage,
  ReleasePlan,
  VersionSpec,
} from '@cellport/plugin-cells-common';
import { AppStore } from '../../database/types';
import { OwnerGroupResolver } from './OwnerGroups';
import { QuotaStore } from './QuotaStore';
import { QuotaUsageCalculator, requestsOf } from './QuotaUsage';

/**
 * What a change adds to its owner groups' usage (negative or zero parts are not checked).
 *
 * @public
 */
export type QuotaDelta = Partial<QuotaUsage>;

/**
 * The quota checks the app, version and scaling services make, and what they record once a
 * change succeeded. A check, the change it allows and the record of the new usage run inside
 * {@link AppQuotaChecks.exclusive} (or `exclusiveForApp`), so two concurrent changes cannot both
 * pass a quota with room for one.
 *
 * @public
 */
export interface AppQuotaChecks {
  /** The owner groups one more app would count against (its Component's owner, else its creator's groups). */
  ownerGroupsOfNewApp(
    credentials: BackstageCredentials,
    componentRef?: string,
  ): Promise<string[]>;
  /**
   * Runs `change` (its quota check, the change and the record of its usage) while no other
   * change of one of `ownerGroups` runs, in this replica or another.
   */
  exclusive<T>(ownerGroups: string[], change: () => Promise<T>): Promise<T>;
  /** {@link AppQuotaChecks.exclusive} for the owner groups of an existing app. */
  exclusiveForApp<T>(app: string, change: () => Promise<T>): Promise<T>;
  /** Checks one more app for `ownerGroups` (from `ownerGroupsOfNewApp`). */
  checkNewApp(ownerGroups: string[]): Promise<void>;
  recordApp(app: string, ownerGroups: string[]): Promise<void>;
  checkDeploy(app: string, spec: VersionSpec, cells: string[]): Promise<void>;
  checkScale(app: App, version: string, cell: string, replicas: number): Promise<void>;
  recordScale(app: string, version: string, cell: string, replicas: number): Promise<void>;
}

/**
 * Runs `change` exclusively for the quotas of the app's owner groups when quotas are enforced,
 * else at once.
 *
 * @internal
 */
export function exclusiveForApp<T>(
  quota: AppQuotaChecks | undefined,
  app: string,
  change: () => Promise<T>,
): Promise<T> {
  return quota ? quota.exclusiveForApp(app, change) : change();
}

const MiB = 1024 ** 2;

const DIMENSIONS = [
  { key: 'apps', label: 'apps', text: (n: number) => String(n) },
  { key: 'cpuMillis', label: 'cpu requests', text: (n: number) => `${n}m` },
  {
    key: 'memoryBytes',
    label: 'memory requests',
    text: (n: number) => (n % MiB === 0 ? `${n / MiB}Mi` : `${n} bytes`),
  },
] as const;

/**
 * Quotas per owner group (apps, CPU and memory requests): set by platform admins, checked when an
 * app is created, a version deployed or scaled and a release started. Denials are ConflictErrors
 * (409) naming the quota, its limit and the current use; the checks run before anything changes.
 * Other paths that add usage (e.g. adding a cell to an app) call {@link QuotaService.assertFits}.
 *
 * @public
 */
export class QuotaService implements AppQuotaChecks {
  private readonly usage: QuotaUsageCalculator;

  constructor(
    private readonly options: {
      store: QuotaStore;
      apps: Pick<AppStore, 'getApps' | 'getVersion' | 'getApp'>;
      owners: OwnerGroupResolver;
    },
  ) {
    this.usage = new QuotaUsageCalculator(options.apps, options.store);
  }

  /** Every quota, and every group with usage but no quota (`limits: {}`), by group. */
  async list(): Promise<OwnerGroupQuota[]> {
    const { store } = this.options;
    const quotas = await store.listQuotas();
    const appsByGroup = new Map<string, string[]>(
      quotas.map(q => [q.ownerGroup, []]),
    );
    for (const [app, groups] of await store.listAppOwners()) {
      for (const group of groups) {
        appsByGroup.set(group, [...(appsByGroup.get(group) ?? []), app]);
      }
    }
    const usage = await this.usage.usageOf(appsByGroup);
    const byGroup = new Map(quotas.map(q => [q.ownerGroup, q]));
    return [...appsByGroup.keys()].sort().map(ownerGroup => ({
      ownerGroup,
      limits: byGroup.get(ownerGroup)?.limits ?? {},
      usage: usage.get(ownerGroup) ?? { apps: 0, cpuMillis: 0, memoryBytes: 0 },
      ...(byGroup.has(ownerGroup)
        ? {
            updatedBy: byGroup.get(ownerGroup)!.updatedBy,
            updatedAt: byGroup.get(ownerGroup)!.updatedAt,
          }
        : {}),
    }));
  }

  /** Sets (replaces) a group's quota. */
  async set(
    ownerGroup: string,
    limits: QuotaLimits,
    actor: string,
  ): Promise<OwnerGroupQuota> {
    const group = parseOwnerGroup(ownerGroup);
    const stored = await this.options.store.setQuota(group, limits, actor);
    return { ...stored, usage: await this.usageOfGroup(group) };
  }

  /** Removes a group's quota; NotFoundError when it has none (or is no group reference). */
  async remove(ownerGroup: string): Promise<void> {
    const group = ownerGroup.trim().toLocaleLowerCase('en-US');
    if (!(await this.options.store.deleteQuota(group))) {
      throw new NotFoundError(`${group} has no quota`);
    }
  }

  /**
   * Throws a ConflictError when adding `delta` to the usage of any of `ownerGroups` would exceed
   * its quota, naming the quota, its limit and the use.
   */
  async assertFits(ownerGroups: string[], delta: QuotaDelta): Promise<void> {
    const quotas = await this.options.store.getQuotas(ownerGroups);
    for (const quota of quotas) {
      const dims = DIMENSIONS.filter(
        d => (delta[d.key] ?? 0) > 0 && quota.limits[d.key] !== undefined,
      );
      if (dims.length === 0) continue;
      const usage = await this.usageOfGroup(quota.ownerGroup);
      for (const d of dims) {
        const limit = quota.limits[d.key]!;
        const would = usage[d.key] + (delta[d.key] ?? 0);
        if (would > limit) {
          throw new ConflictError(
            `quota exceeded for ${quota.ownerGroup}: ${d.label} would be ${d.text(
              would,
            )} of ${d.text(limit)} (in use ${d.text(usage[d.key])})`,
          );
        }
      }
    }
  }

  /** The owner groups one more app would count against (its Component's owner, else its creator's groups). */
  ownerGroupsOfNewApp(
    credentials: BackstageCredentials,
    componentRef?: string,
  ): Promise<string[]> {
    return this.options.owners.ownerGroupsOf(credentials, componentRef);
  }

  /** Checks one more app for `ownerGroups`. */
  async checkNewApp(ownerGroups: string[]): Promise<void> {
    await this.assertFits(ownerGroups, { apps: 1 });
  }

  /**
   * Runs `change` holding the quota locks of `ownerGroups` (their quota rows: row locks on
   * PostgreSQL across replicas, in process on SQLite), so that a check made inside it still
   * holds when the change and its record are made.
   */
  exclusive<T>(ownerGroups: string[], change: () => Promise<T>): Promise<T> {
    return this.options.store.withOwnerGroupLocks(ownerGroups, change);
  }

  /** {@link QuotaService.exclusive} for the owner groups of an existing app. */
  async exclusiveForApp<T>(app: string, change: () => Promise<T>): Promise<T> {
    return this.exclusive(await this.options.store.getAppOwners(app), change);
  }

  /** Remembers the owner groups of a created app (forgetting a former app of its name). */
  async recordApp(app: string, ownerGroups: string[]): Promise<void> {
    await this.options.store.forgetApp(app);
    await this.options.store.setAppOwners(app, ownerGroups);
  }

  /** Checks a first deploy of `spec` to `cells` (cells serving no version yet). */
  async checkDeploy(app: string, spec: VersionSpec, cells: string[]) {
    const delta = { cpuMillis: 0, memoryBytes: 0 };
    for (const cell of cells) {
      const r = requestsOf(spec, spec.replicas[cell] ?? 0);
      delta.cpuMillis += r.cpuMillis;
      delta.memoryBytes += r.memoryBytes;
    }
    await this.assertFits(await this.options.store.getAppOwners(app), delta);
  }

  /** Checks scaling a version to `replicas` in a cell (only a cell's stable version counts). */
  async checkScale(app: App, version: string, cell: string, replicas: number) {
    const current = (await this.usage.appRequests(app)).get(cell);
    if (!current || current.version !== version) return;
    const spec = (await this.options.apps.getVersion(app.name, version))?.spec;
    if (!spec) return;
    const next = requestsOf(spec, replicas);
    await this.assertFits(await this.options.store.getAppOwners(app.name), {
      cpuMillis: next.cpuMillis - current.cpuMillis,
      memoryBytes: next.memoryBytes - current.memoryBytes,
    });
  }

  /** Remembers the replicas a version was scaled to in a cell. */
  async recordScale(app: string, version: string, cell: string, replicas: number) {
    await this.options.store.setScaledReplicas(app, version, cell, replicas);
  }

  /**
   * Checks a release's target: the new version with its spec's replicas in every cell the plan
   * names, instead of what those cells run now.
   */
  async checkRelease(appName: string, plan: Pick<ReleasePlan, 'version' | 'steps'>) {
    const { apps, store } = this.options;
    const owners = await store.getAppOwners(appName);
    if (owners.length === 0) return;
    const [app, version] = await Promise.all([
      apps.getApp(appName),
      apps.getVersion(appName, plan.version),
    ]);
    if (!app || !version) return; // the release service answers those
    const current = await this.usage.appRequests(app);
    const delta = { cpuMillis: 0, memoryBytes: 0 };
    for (const cell of new Set(plan.steps.flatMap(s => s.cells))) {
      const next = requestsOf(version.spec, version.spec.replicas[cell] ?? 0);
      delta.cpuMillis += next.cpuMillis - (current.get(cell)?.cpuMillis ?? 0);
      delta.memoryBytes += next.memoryBytes - (current.get(cell)?.memoryBytes ?? 0);
    }
    await this.assertFits(owners, delta);
  }

  private async usageOfGroup(group: string): Promise<QuotaUsage> {
    const apps = await this.options.store.appsOwnedBy([group]);
    const usage = await this.usage.usageOf(new Map([[group, apps]]));
    return usage.get(group)!;
  }
}

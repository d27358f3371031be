import { NotFoundError } from '@backstage/errors';
import {
  App,
  AppVersion,
  CellVersionStatus,
  PodSummary,
  VersionSpec,
  versionSpecSchema,
} from '@cellport/plugin-cells-common';
import { AppStore } from '../../../database/types';
import { AppBase, CellWorkloads, VersionToRun } from '../../kube/types';
import { GateQuery, GateSource, GateValue } from '../GateSource';

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public ms = Date.parse('2026-05-01T00:00:00Z')) {}
  now = () => this.ms;
  advance(ms: number) {
    this.ms += ms;
  }
}

type FakePod = {
  name: string;
  createdAt: number;
  restarts: number;
};

type FakeDeployment = {
  app: string;
  version: string;
  spec: VersionSpec;
  replicas: number;
  pods: FakePod[];
};

/**
 * In-memory cells: a Deployment per version with pods that become Ready `readyAfterMs` after
 * they were created (by the test clock), unless their version never gets ready. Every call is
 * logged as `<op> <cell> <version> [replicas]`.
 */
export class FakeCellWorkloads implements CellWorkloads {
  readonly log: string[] = [];
  readonly unreachable = new Set<string>();
  readonly neverReady = new Set<string>();
  readyAfterMs = 2000;
  private readonly cells = new Map<string, Map<string, FakeDeployment>>();
  private seq = 0;

  constructor(private readonly now: () => number) {}

  /** Puts a version in place with every pod Ready (the state before a release). */
  seed(cell: string, app: string, version: string, spec: VersionSpec) {
    const d = this.deployment(cell, app, version, spec);
    d.replicas = spec.replicas[cell] ?? 0;
    this.reconcile(cell, d, this.now() - 3_600_000);
  }

  replicas(cell: string, app: string, version: string): number | undefined {
    return this.cells.get(cell)?.get(`${app}/${version}`)?.replicas;
  }

  /** Makes the first pod of a version restart. */
  restart(cell: string, app: string, version: string, times = 1) {
    const d = this.cells.get(cell)?.get(`${app}/${version}`);
    if (!d?.pods.length) {
      throw new Error(`no pods of ${version} in ${cell}`);
    }
    d.pods[0].restarts += times;
  }

  /** Log lines touching a cell. */
  touching(cell: string): string[] {
    return this.log.filter(line => line.split(' ')[1] === cell);
  }

  async ensureApp(cell: string, app: AppBase): Promise<void> {
    this.check(cell);
    this.log.push(`ensureApp ${cell} ${app.name}`);
  }

  async deleteApp(cell: string, app: string): Promise<void> {
    this.check(cell);
    this.log.push(`deleteApp ${cell} ${app}`);
  }

  async applyVersion(
    cell: string,
    app: string,
    version: VersionToRun,
    replicas: number,
  ): Promise<void> {
    this.check(cell);
    this.log.push(`apply ${cell} ${version.name} ${replicas}`);
    const d = this.deployment(cell, app, version.name, version.spec);
    d.spec = version.spec;
    d.replicas = replicas;
    this.reconcile(cell, d, this.now());
  }

  async scaleVersion(
    cell: string,
    app: string,
    version: string,
    replicas: number,
  ): Promise<void> {
    this.check(cell);
    this.log.push(`scale ${cell} ${version} ${replicas}`);
    const d = this.existing(cell, app, version);
    d.replicas = replicas;
    this.reconcile(cell, d, this.now());
  }

  async drainAndScale(
    cell: string,
    app: string,
    version: string,
    replicas: number,
  ): Promise<void> {
    this.check(cell);
    this.log.push(`drain ${cell} ${version} ${replicas}`);
    const d = this.existing(cell, app, version);
    d.replicas = replicas;
    this.reconcile(cell, d, this.now());
  }

  async removeVersion(
    cell: string,
    app: string,
    version: string,
  ): Promise<void> {
    this.check(cell);
    this.log.push(`remove ${cell} ${version}`);
    this.cells.get(cell)?.delete(`${app}/${version}`);
  }

  async getVersionStatus(
    cell: string,
    app: string,
    version: string,
  ): Promise<CellVersionStatus | undefined> {
    this.check(cell);
    const d = this.cells.get(cell)?.get(`${app}/${version}`);
    return d && this.status(d);
  }

  async listVersionStatuses(
    cell: string,
    app: string,
  ): Promise<CellVersionStatus[]> {
    this.check(cell);
    return [...(this.cells.get(cell)?.values() ?? [])]
      .filter(d => d.app === app)
      .map(d => this.status(d));
  }

  async listPods(
    cell: string,
    app: string,
    version?: string,
  ): Promise<PodSummary[]> {
    this.check(cell);
    return [...(this.cells.get(cell)?.values() ?? [])]
      .filter(d => d.app === app && (!version || d.version === version))
      .flatMap(d =>
        d.pods.map(pod => ({
          name: pod.name,
          cell,
          version: d.version,
          status: 'Running',
          ready: this.isReady(d, pod),
          restarts: pod.restarts,
          containers: ['app'],
        })),
      );
  }

  async isReachable(cell: string): Promise<boolean> {
    return !this.unreachable.has(cell);
  }

  private check(cell: string) {
    if (this.unreachable.has(cell)) {
      throw new Error(`cell ${cell} is unreachable: connect ECONNREFUSED`);
    }
  }

  private isReady(d: FakeDeployment, pod: FakePod) {
    return (
      !this.neverReady.has(d.version) &&
      this.now() >= pod.createdAt + this.readyAfterMs
    );
  }

  private status(d: FakeDeployment): CellVersionStatus {
    const ready = d.pods.filter(p => this.isReady(d, p)).length;
    return {
      version: d.version,
      image: d.spec.image,
      desired: d.replicas,
      ready,
      updated: d.pods.length,
      available: ready,
    };
  }

  private deployment(
    cell: string,
    app: string,
    version: string,
    spec: VersionSpec,
  ): FakeDeployment {
    if (!this.cells.has(cell)) {
      this.cells.set(cell, new Map());
    }
    const key = `${app}/${version}`;
    const cellMap = this.cells.get(cell)!;
    if (!cellMap.has(key)) {
      cellMap.set(key, { app, version, spec, replicas: 0, pods: [] });
    }
    return cellMap.get(key)!;
  }

  private existing(cell: string, app: string, version: string) {
    const d = this.cells.get(cell)?.get(`${app}/${version}`);
    if (!d) {
      throw new NotFoundError(
        `deployment ${app}-${version} not found in ${cell}`,
      );
    }
    return d;
  }

  private reconcile(cell: string, d: FakeDeployment, createdAt: number) {
    while (d.pods.length < d.replicas) {
      d.pods.push({
        name: `${d.app}-${d.version}-${cell}-${++this.seq}`,
        createdAt,
        restarts: 0,
      });
    }
    d.pods.splice(d.replicas);
  }
}

/** An in-memory app store. */
export class InMemoryAppStore implements AppStore {
  readonly apps = new Map<string, App>();
  readonly versions = new Map<string, AppVersion>();

  constructor(private readonly now: () => number) {}

  async createApp(
    app: Omit<App, 'currentVersion' | 'createdAt'>,
  ): Promise<App> {
    const created: App = {
      ...app,
      createdAt: new Date(this.now()).toISOString(),
    };
    this.apps.set(app.name, created);
    return created;
  }
  async getApp(name: string) {
    const app = this.apps.get(name);
    return app && structuredClone(app);
  }
  async getApps(names: string[]) {
    return names.map(n => this.apps.get(n)).filter((a): a is App => Boolean(a));
  }
  async updateApp(name: string, patch: Partial<App>): Promise<App> {
    const app = { ...this.apps.get(name)!, ...patch };
    this.apps.set(name, app);
    return app;
  }
  async deleteApp(name: string) {
    return this.apps.delete(name);
  }
  async setStableVersion(app: string, cell: string, version: string | null) {
    const a = this.apps.get(app)!;
    a.cells = a.cells.map(c =>
      c.cell === cell ? { ...c, stableVersion: version ?? undefined } : c,
    );
  }
  async addAppCell(
    app: string,
    cell: string,
    first?: { version: string; replicas: number },
  ): Promise<App> {
    const a = this.apps.get(app)!;
    a.cells = [...a.cells, { cell, stableVersion: first?.version, drifted: false }];
    if (first) {
      const v = this.versions.get(`${app}/${first.version}`)!;
      v.spec.replicas = { ...v.spec.replicas, [cell]: first.replicas };
    }
    return structuredClone(a);
  }
  async setCurrentVersion(app: string, version: string | null) {
    this.apps.get(app)!.currentVersion = version ?? undefined;
  }
  async createVersion(input: {
    app: string;
    name: string;
    spec: VersionSpec;
    createdBy: string;
  }): Promise<AppVersion> {
    const version: AppVersion = {
      ...input,
      createdAt: new Date(this.now()).toISOString(),
    };
    this.versions.set(`${input.app}/${input.name}`, version);
    return version;
  }
  async getVersion(app: string, name: string) {
    return this.versions.get(`${app}/${name}`);
  }
  async listVersions(app: string) {
    return [...this.versions.values()].filter(v => v.app === app).reverse();
  }
  async deleteVersion(app: string, name: string) {
    return this.versions.delete(`${app}/${name}`);
  }
}

/** A gate source answering from a function; remembers every query. */
export class FakeGateSource implements GateSource {
  readonly queries: GateQuery[] = [];
  constructor(
    public answer: (
      query: GateQuery,
    ) => GateValue | Promise<GateValue> = () => ({
      value: 0,
    }),
  ) {}
  async evaluate(query: GateQuery): Promise<GateValue> {
    this.queries.push(query);
    return this.answer(query);
  }
}

/** A version spec with defaults and the given replicas per cell. */
export function specOf(
  image: string,
  replicas: Record<string, number>,
): VersionSpec {
  return versionSpecSchema.parse({ image, replicas });
}

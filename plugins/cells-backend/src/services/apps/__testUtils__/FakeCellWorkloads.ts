import {
  AppEvent,
  CellVersionStatus,
  PodSummary,
} from '@cellport/plugin-cells-common';
import { NotFoundError } from '@backstage/errors';
import { PassThrough, Writable } from 'node:stream';
import { CellUnreachableError } from '../../kube/errors';
import {
  AppBase,
  CellDiagnostics,
  CellWorkloads,
  NamespaceState,
  PodLogOptions,
  VersionToRun,
} from '../../kube/types';

type FakeCell = {
  reachable: boolean;
  namespaces: Map<string, NamespaceState>;
  deployments: Map<string, { image: string; replicas: number }>;
  /** Docker config JSON of each app's pull secret. */
  pullSecrets: Map<string, string>;
};

/**
 * In-memory cells for service tests: records every call, can make a cell unreachable or fail a
 * call once it has been made `failAfter` times.
 */
export class FakeCellWorkloads implements CellWorkloads, CellDiagnostics {
  readonly cells = new Map<string, FakeCell>();
  readonly calls: string[] = [];
  /** `ensureApp:dev-2` => Error: that call fails. */
  readonly failures = new Map<string, Error>();

  constructor(names: string[]) {
    for (const name of names) {
      this.cells.set(name, {
        reachable: true,
        namespaces: new Map(),
        deployments: new Map(),
        pullSecrets: new Map(),
      });
    }
  }

  setReachable(cell: string, reachable: boolean) {
    this.cell(cell).reachable = reachable;
  }

  /** Whether any cell holds anything of the app. */
  touched(app: string): boolean {
    return [...this.cells.values()].some(
      c =>
        c.namespaces.has(app) ||
        [...c.deployments.keys()].some(k => k.startsWith(`${app}/`)),
    );
  }

  private cell(name: string, op?: string): FakeCell {
    const cell = this.cells.get(name);
    if (!cell) throw new NotFoundError(`no cell named '${name}'`);
    if (op) {
      this.calls.push(`${op}:${name}`);
      const failure = this.failures.get(`${op}:${name}`);
      if (failure) throw failure;
      if (!cell.reachable) {
        throw new CellUnreachableError(name, `cell '${name}' is unreachable`);
      }
    }
    return cell;
  }

  async ensureApp(cell: string, app: AppBase) {
    const c = this.cell(cell, 'ensureApp');
    c.namespaces.set(app.name, 'cellport');
    if (app.pullSecretDockerConfigJson) {
      c.pullSecrets.set(app.name, app.pullSecretDockerConfigJson);
    }
  }
  async deleteApp(cell: string, app: string) {
    const c = this.cell(cell, 'deleteApp');
    c.namespaces.delete(app);
    c.pullSecrets.delete(app);
    for (const key of [...c.deployments.keys()]) {
      if (key.startsWith(`${app}/`)) c.deployments.delete(key);
    }
  }
  async applyVersion(
    cell: string,
    app: string,
    version: VersionToRun,
    replicas: number,
  ) {
    this.cell(cell, 'applyVersion').deployments.set(`${app}/${version.name}`, {
      image: version.spec.image,
      replicas,
    });
  }
  async scaleVersion(
    cell: string,
    app: string,
    version: string,
    replicas: number,
  ) {
    const d = this.cell(cell, 'scaleVersion').deployments.get(
      `${app}/${version}`,
    );
    if (!d) throw new NotFoundError(`no Deployment ${app}-${version}`);
    d.replicas = replicas;
  }
  async drainAndScale(
    cell: string,
    app: string,
    version: string,
    replicas: number,
  ) {
    this.cell(cell, 'drainAndScale');
    await this.scaleVersion(cell, app, version, replicas);
  }
  async removeVersion(cell: string, app: string, version: string) {
    this.cell(cell, 'removeVersion').deployments.delete(`${app}/${version}`);
  }
  async getVersionStatus(
    cell: string,
    app: string,
    version: string,
  ): Promise<CellVersionStatus | undefined> {
    const d = this.cell(cell, 'getVersionStatus').deployments.get(
      `${app}/${version}`,
    );
    return d
      ? {
          version,
          image: d.image,
          desired: d.replicas,
          ready: d.replicas,
          updated: d.replicas,
          available: d.replicas,
        }
      : undefined;
  }
  async listVersionStatuses(
    cell: string,
    app: string,
  ): Promise<CellVersionStatus[]> {
    const c = this.cell(cell, 'listVersionStatuses');
    const out: CellVersionStatus[] = [];
    for (const key of c.deployments.keys()) {
      if (key.startsWith(`${app}/`)) {
        out.push((await this.getVersionStatus(cell, app, key.split('/')[1]))!);
      }
    }
    return out;
  }
  async listPods(cell: string): Promise<PodSummary[]> {
    this.cell(cell, 'listPods');
    return [];
  }
  async isReachable(cell: string) {
    return this.cell(cell).reachable;
  }
  async getNamespaceState(cell: string, app: string): Promise<NamespaceState> {
    return this.cell(cell, 'getNamespaceState').namespaces.get(app) ?? 'absent';
  }
  async listEvents(cell: string): Promise<AppEvent[]> {
    this.cell(cell, 'listEvents');
    return [
      {
        cell,
        type: 'Normal',
        reason: 'Started',
        message: `in ${cell}`,
        object: 'Pod/p',
        count: 1,
        at:
          cell === 'dev-1'
            ? '2026-01-01T00:00:02.000Z'
            : '2026-01-01T00:00:01.000Z',
      },
    ];
  }
  async getPod() {
    return undefined;
  }
  async streamPodLog(
    _c: string,
    _a: string,
    _p: string,
    _o: PodLogOptions,
    out: Writable,
  ) {
    new PassThrough().pipe(out);
    return new AbortController();
  }
}

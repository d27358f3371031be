/**
 * The plan of a cell's evacuation: every app with servers of the cell in an upstream of the
 * region's LB groups, its replicas there, and which other cells carry them (bounded by their free
 * capacity; the cells plugin has no quotas yet), with what cannot be carried and why.
 */
import { InputError, NotFoundError } from '@backstage/errors';
import { CellReachability, CellsScalingService } from '@cellport/plugin-cells-node';
import { EvacuationPlan } from '@cellport/plugin-slb-common';
import { ConfigGroupSupplier } from '../ConfigGroupSupplier';
import { SlbEtcd } from '../SlbEtcd';
import { allocateApp } from './allocate';

export class EvacuationPlanner {
  constructor(
    private readonly groups: ConfigGroupSupplier,
    private readonly etcd: SlbEtcd,
    private readonly scaling: CellsScalingService,
  ) {}

  /**
   * Plans evacuating `cell`; `evacuated` are the cells already out (by evacuation id), which
   * carry nothing. InputError for an unknown cell or a region without LB groups.
   */
  async plan(
    cell: string,
    evacuated: ReadonlyMap<string, string>,
    cells?: CellReachability[],
  ): Promise<EvacuationPlan> {
    const all = cells ?? (await this.scaling.checkCells());
    const self = all.find(c => c.cell === cell);
    if (!self) {
      throw new InputError(`no cell named '${cell}'; cells: ${all.map(c => c.cell).join(', ') || 'none'}`);
    }
    const groups = this.groups.read().filter(g => g.region === self.region);
    if (groups.length === 0) {
      throw new InputError(`region '${self.region}' of cell '${cell}' has no LB group`);
    }
    const servers = new Map<string, number>();
    for (const group of groups) {
      for (const { upstream } of (await this.etcd.listUpstreams(group)).values()) {
        const n = upstream.servers.filter(s => s.cell === cell).length;
        if (n > 0 || upstream.cells[cell]) {
          servers.set(upstream.app, Math.max(servers.get(upstream.app) ?? 0, n));
        }
      }
    }
    const unavailable = new Map<string, string>();
    for (const c of all) {
      if (c.cell !== cell && evacuated.has(c.cell)) unavailable.set(c.cell, `evacuated (evacuation ${evacuated.get(c.cell)})`);
      else if (c.cell !== cell && !c.reachable) unavailable.set(c.cell, 'unreachable');
    }
    const apps = [];
    for (const app of [...servers.keys()].sort()) {
      try {
        const placement = await this.scaling.getPlacement(app);
        apps.push(allocateApp({ app, cell, servers: servers.get(app)!, placement: placement.cells, unavailable }));
      } catch (e) {
        const missing = e instanceof NotFoundError || (e as any)?.response?.status === 404;
        apps.push({
          app,
          servers: servers.get(app)!,
          replicas: 0,
          targets: [],
          uncarried: 0,
          notes: [missing ? 'not an app of the cells plugin: its servers leave, nothing is scaled' : `its placement could not be read: ${e instanceof Error ? e.message : e}`],
        });
      }
    }
    return {
      cell,
      region: self.region,
      groups: groups.map(g => g.name),
      apps,
      createdAt: new Date().toISOString(),
    };
  }
}

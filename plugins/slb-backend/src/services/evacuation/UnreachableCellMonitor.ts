/**
 * Automatic evacuation: a cell of a region with LB groups that stays unreachable past
 * `cellport.slb.evacuation.unreachableAfterSeconds` is evacuated, with the reason in its timeline.
 * Never the last cell of a region that could serve: when every other cell is unreachable or
 * evacuated too (the portal may be the one cut off), nothing is evacuated.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { CellsScalingService } from '@cellport/plugin-cells-node';
import { ConfigGroupSupplier } from '../ConfigGroupSupplier';
import { EvacuationService } from './EvacuationService';

export class UnreachableCellMonitor {
  /** When each cell was first seen unreachable (in this replica). */
  private readonly since = new Map<string, number>();
  private readonly refused = new Set<string>();

  constructor(
    private readonly deps: {
      service: EvacuationService;
      scaling: CellsScalingService;
      groups: ConfigGroupSupplier;
      afterMs: number;
      logger: LoggerService;
    },
  ) {}

  async check(): Promise<void> {
    const regions = new Set(this.deps.groups.read().map(g => g.region));
    const cells = (await this.deps.scaling.checkCells()).filter(c => regions.has(c.region));
    const t = Date.now();
    for (const c of cells) {
      if (c.reachable) {
        this.since.delete(c.cell);
        this.refused.delete(c.cell);
        continue;
      }
      const first = this.since.get(c.cell) ?? t;
      this.since.set(c.cell, first);
      if (t - first < this.deps.afterMs) continue;
      const seconds = Math.round((t - first) / 1000);
      try {
        const ev = await this.deps.service.create(
          c.cell,
          {
            trigger: 'automatic',
            reason: `cell '${c.cell}' unreachable for ${seconds} s (configured limit ${Math.round(this.deps.afterMs / 1000)} s)`,
            createdBy: 'slb service discovery',
          },
          cells,
        );
        this.deps.logger.warn('Cell evacuated automatically', { cell: c.cell, evacuation: ev.id, unreachableSeconds: seconds });
      } catch (e) {
        if (!(e instanceof ConflictError)) throw e;
        if (!/already evacuated/.test(e.message) && !this.refused.has(c.cell)) {
          this.refused.add(c.cell);
          this.deps.logger.warn('Cell not evacuated automatically', { cell: c.cell, reason: e.message });
        }
      }
    }
  }
}

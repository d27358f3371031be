import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  CellStatus,
  CellSummary,
  RegionSummary,
} from '@cellport/plugin-cells-common';
import { CellConfig, CellSupplier } from '@cellport/plugin-cells-node';
import { CellStatusChecker } from './CellStatusChecker';
import { kubeConfigForCell } from '@cellport/plugin-cells-node';

const UNCHECKED: CellStatus = { checked: false, reachable: false };

function apiUrlOf(cell: CellConfig): string {
  try {
    return kubeConfigForCell(cell).getCurrentCluster()?.server ?? '';
  } catch {
    return '';
  }
}

/**
 * The cells of every region with their latest status. Statuses are refreshed by {@link refresh},
 * which the plugin schedules periodically; one unreachable cell never affects the others.
 *
 * @public
 */
export class CellService {
  private readonly statuses = new Map<string, CellStatus>();

  constructor(
    private readonly supplier: CellSupplier,
    private readonly checker: CellStatusChecker,
    private readonly logger: LoggerService,
  ) {}

  /** Checks every cell concurrently and records the results. */
  async refresh(): Promise<void> {
    const cells = await this.supplier.getCells();
    await Promise.all(
      cells.map(async cell => {
        const status = await this.checker.check(cell);
        const before = this.statuses.get(cell.name);
        if (before?.checked && before.reachable !== status.reachable) {
          this.logger.warn(
            status.reachable ? 'Cell reachable again' : 'Cell unreachable',
            { cell: cell.name, region: cell.region, error: status.error },
          );
        }
        this.statuses.set(cell.name, status);
      }),
    );
    const names = new Set(cells.map(c => c.name));
    for (const name of this.statuses.keys()) {
      if (!names.has(name)) {
        this.statuses.delete(name);
      }
    }
  }

  /** Regions with their cells, sorted by name. */
  async listRegions(): Promise<RegionSummary[]> {
    const regions = new Map<string, CellSummary[]>();
    for (const cell of await this.supplier.getCells()) {
      const list = regions.get(cell.region) ?? [];
      list.push({
        name: cell.name,
        region: cell.region,
        apiUrl: cell.apiUrl ?? apiUrlOf(cell),
        simulated: cell.simulated,
        status: this.statuses.get(cell.name) ?? UNCHECKED,
      });
      regions.set(cell.region, list);
    }
    return [...regions.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, cells]) => ({
        name,
        cells: cells.sort((a, b) => a.name.localeCompare(b.name)),
      }));
  }

  /** One cell; NotFoundError when no region has it. */
  async getCell(name: string): Promise<CellSummary> {
    for (const region of await this.listRegions()) {
      const cell = region.cells.find(c => c.name === name);
      if (cell) {
        return cell;
      }
    }
    throw new NotFoundError(`no cell named '${name}'`);
  }
}

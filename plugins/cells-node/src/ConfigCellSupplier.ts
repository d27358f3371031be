/** The default cell supplier: the cells of `cellport.cells.regions` in app-config. */
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

import { CellConfig, CellSupplier } from './cells';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Reads cells from `cellport.cells.regions` at every call, so config reloads add and remove cells.
 *
 * @public
 */
export class ConfigCellSupplier implements CellSupplier {
  static fromConfig(config: Config): ConfigCellSupplier {
    return new ConfigCellSupplier(config);
  }

  private constructor(private readonly config: Config) {}

  async getCells(): Promise<CellConfig[]> {
    const regions =
      this.config.getOptionalConfigArray('cellport.cells.regions') ?? [];
    const seen = new Set<string>();
    const cells: CellConfig[] = [];
    for (const region of regions) {
      const regionName = region.getString('name');
      for (const cell of region.getConfigArray('cells')) {
        const name = cell.getString('name');
        if (!DNS_LABEL.test(name) || seen.has(name)) {
          throw new InputError(
            `cell name '${name}' in region '${regionName}' must be a unique DNS-1123 label`,
          );
        }
        seen.add(name);
        const apiUrl = cell.getOptionalString('apiUrl');
        const kubeconfigFile = cell.getOptionalString('kubeconfigFile');
        if (!apiUrl && !kubeconfigFile) {
          throw new InputError(
            `cell '${name}' needs either apiUrl or kubeconfigFile`,
          );
        }
        cells.push({
          name,
          region: regionName,
          apiUrl,
          token: cell.getOptionalString('token'),
          caData: cell.getOptionalString('caData'),
          caFile: cell.getOptionalString('caFile'),
          skipTLSVerify: cell.getOptionalBoolean('skipTLSVerify') === true,
          kubeconfigFile,
          kubeconfigContext: cell.getOptionalString('kubeconfigContext'),
          simulated: cell.getOptionalBoolean('simulated') === true,
        });
      }
    }
    return cells;
  }
}

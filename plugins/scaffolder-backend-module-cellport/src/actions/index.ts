/** Every Cellport scaffolder action. */
import { CellportApiDeps } from '../api/CellportApi';
import { createCellsAppAction } from './cellsApp';
import { createCellsVersionDeployAction } from './cellsVersionDeploy';
import { createRegistryRepositoryAction } from './registryRepository';
import { createSlbDomainAction } from './slbDomain';

export { createCellsAppAction } from './cellsApp';
export { createCellsVersionDeployAction } from './cellsVersionDeploy';
export { createRegistryRepositoryAction } from './registryRepository';
export { createSlbDomainAction } from './slbDomain';

/**
 * The Cellport actions, each acting on behalf of the user running the template.
 *
 * @public
 */
export function createCellportActions(deps: CellportApiDeps) {
  return [
    createRegistryRepositoryAction(deps),
    createCellsAppAction(deps),
    createCellsVersionDeployAction(deps),
    createSlbDomainAction(deps),
  ];
}

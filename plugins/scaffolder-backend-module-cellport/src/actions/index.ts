/** Every Cellport scaffolder action. */
import { CellportApiDeps } from '../api/CellportApi';
import { createCellsAppAction } from './cellsApp';
import { createCellsVersionDeployAction } from './cellsVersionDeploy';
import { createRegistryRepositoryAction } from './registryRepository';
import { createSlbDomainAction } from './slbDomain';
import { createObservabilityAlertsAction } from './observabilityAlerts';

export { createCellsAppAction } from './cellsApp';
export { createCellsVersionDeployAction } from './cellsVersionDeploy';
export { createRegistryRepositoryAction } from './registryRepository';
export { createSlbDomainAction } from './slbDomain';
export {
  createObservabilityAlertsAction,
  DEFAULT_ALERT_RULES,
} from './observabilityAlerts';

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
    createObservabilityAlertsAction(deps),
  ];
}

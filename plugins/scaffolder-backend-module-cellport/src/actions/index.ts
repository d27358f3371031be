/** Every Cellport scaffolder action. */
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CellportApiDeps } from '../api/CellportApi';
import { createBuildsConfigAction } from './buildsConfig';
import { createBuildsStartAction } from './buildsStart';
import { createCatalogRegisterAction } from './catalogRegister';
import { createCellsAppAction } from './cellsApp';
import { createCellsAppAddCellAction } from './cellsAppAddCell';
import { createCellsVersionDeployAction } from './cellsVersionDeploy';
import { createPublishLocalGitAction } from './publishLocalGit';
import { createRegistryRepositoryAction } from './registryRepository';
import { createSlbDomainAction } from './slbDomain';
import { createObservabilityAlertsAction } from './observabilityAlerts';

export { createBuildsConfigAction } from './buildsConfig';
export { createBuildsStartAction } from './buildsStart';
export { createCatalogRegisterAction } from './catalogRegister';
export type { CatalogRegisterDeps } from './catalogRegister';
export { createCellsAppAction } from './cellsApp';
export { createCellsAppAddCellAction } from './cellsAppAddCell';
export { createCellsVersionDeployAction } from './cellsVersionDeploy';
export { createPublishLocalGitAction } from './publishLocalGit';
export { createRegistryRepositoryAction } from './registryRepository';
export { createSlbDomainAction } from './slbDomain';
export {
  createObservabilityAlertsAction,
  DEFAULT_ALERT_RULES,
} from './observabilityAlerts';

/**
 * Services every Cellport action together needs.
 *
 * @public
 */
export interface CellportActionsDeps extends CellportApiDeps {
  config: Config;
  catalog: CatalogService;
}

/**
 * The Cellport actions, each acting on behalf of the user running the template.
 *
 * @public
 */
export function createCellportActions(deps: CellportActionsDeps) {
  return [
    createPublishLocalGitAction(deps),
    createCatalogRegisterAction(deps),
    createRegistryRepositoryAction(deps),
    createBuildsConfigAction(deps),
    createBuildsStartAction(deps),
    createCellsAppAction(deps),
    createCellsAppAddCellAction(deps),
    createCellsVersionDeployAction(deps),
    createSlbDomainAction(deps),
    createObservabilityAlertsAction(deps),
  ];
}

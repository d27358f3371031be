// The cells plugin on a real test backend, as the plugin tests over HTTP start it: alice and bob in
// the catalog, the Cellport permission policy, no default credentials (each request says who it is),
// the given database and `cellport.cells` configuration.
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Server } from 'node:http';
import { Knex } from 'knex';
import { cellsPlugin } from '../plugin';
import { catalogUser } from './catalogUsers';
import { policyPermissionsFactory } from './policyPermissions';

/** Starts the cells plugin with `cellport.cells` set to `cells`, on `knex`; answers its server. */
export async function startCellsTestBackend(options: {
  knex: Knex;
  // configuration as written in app-config (JSON)
  cells: Record<string, any>;
}): Promise<{ server: Server }> {
  const { server } = await startTestBackend({
    features: [
      cellsPlugin,
      catalogServiceMock.factory({
        entities: [catalogUser('alice'), catalogUser('bob')],
      }),
      policyPermissionsFactory,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.database.factory({ knex: options.knex }),
      mockServices.rootConfig.factory({
        data: { cellport: { cells: options.cells } },
      }),
    ],
  });
  return { server };
}

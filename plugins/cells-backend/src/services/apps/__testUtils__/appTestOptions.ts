import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CellConfig } from '@cellport/plugin-cells-node';
import { AppStore } from '../../../database/types';
import { CellWorkloads } from '../../kube/types';
import { AppAccess } from '../types';

/** A simulated cell on an unused loopback port (the fake workloads answer for it). */
export function testCell(name: string, region = 'dev'): CellConfig {
  return {
    name,
    region,
    apiUrl: `https://127.0.0.1:1/${name}`,
    skipTLSVerify: false,
    simulated: true,
  };
}

/** App access that lets every caller do everything, each call recorded. */
export function allowingAccess() {
  return {
    authorize: jest.fn(async (..._args: unknown[]) => ({} as any)),
    isAllowed: jest.fn(async (..._args: unknown[]): Promise<boolean> => true),
    getListFilter: jest.fn(async () => ({
      kind: 'all' as const,
      apply: (q: any) => q,
    })),
    registerResource: jest.fn(async () => ({} as any)),
    unregisterResource: jest.fn(async () => true),
  } satisfies AppAccess;
}

/**
 * The options of `AppService.create` and `AppViews.create` in a unit test: the given store,
 * workloads and cells, access and permissions that allow everything, a mock logger. Spread it
 * and override what the test is about.
 */
export function appTestOptions<
  S extends AppStore,
  W extends CellWorkloads,
>(deps: { store: S; workloads: W; cells: CellConfig[] }) {
  return {
    store: deps.store,
    workloads: deps.workloads,
    cells: { getCells: async () => deps.cells },
    access: allowingAccess(),
    permissions: mockServices.permissions.mock({
      authorize: jest.fn(async () => [
        { result: AuthorizeResult.ALLOW },
      ]) as any,
    }),
    logger: mockServices.logger.mock(),
  };
}

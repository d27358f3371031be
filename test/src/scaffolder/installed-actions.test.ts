/*
 * The module as the portal installs it: the real scaffolder backend lists the Cellport actions on
 * its "installed actions" API (the Create page's /create/actions) with their input and output
 * schemas, examples and dry-run support.
 */
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleCellport from '@cellport/plugin-scaffolder-backend-module-cellport';

jest.setTimeout(120_000);

const CELLPORT_ACTIONS = [
  'cellport:publish:local-git',
  'cellport:catalog:register',
  'cellport:registry:repository:create',
  'cellport:builds:config:create',
  'cellport:builds:start',
  'cellport:cells:app:create',
  'cellport:cells:app:add-cell',
  'cellport:cells:version:deploy',
  'cellport:slb:domain:create',
  'cellport:observability:alerts:set',
];

describe('Cellport scaffolder module', () => {
  it('installs every Cellport action with schemas and examples', async () => {
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleCellport,
        catalogServiceMock.factory(),
      ],
    });
    try {
      const res = await fetch(
        `http://127.0.0.1:${backend.server.port()}/api/scaffolder/v2/actions`,
        { headers: { authorization: mockCredentials.user.header() } },
      );
      expect(res.status).toBe(200);
      const actions: Array<{
        id: string;
        examples?: unknown[];
        schema?: { input?: any; output?: any };
      }> = await res.json();
      for (const id of CELLPORT_ACTIONS) {
        const action = actions.find(a => a.id === id);
        expect(action).toBeDefined();
        expect(action!.examples?.length).toBeGreaterThan(0);
        expect(action!.schema?.input?.type).toBe('object');
        expect(
          Object.keys(action!.schema?.input?.properties ?? {}).length,
        ).toBeGreaterThan(1);
        expect(Object.keys(action!.schema?.output?.properties ?? {})).toContain(
          'created',
        );
      }
      const deploy = actions.find(
        a => a.id === 'cellport:cells:version:deploy',
      )!;
      expect(deploy.schema!.input.required).toEqual(['app', 'version']);
      const addCell = actions.find(
        a => a.id === 'cellport:cells:app:add-cell',
      )!;
      expect(addCell.schema!.input.required).toEqual(['app', 'cell']);
    } finally {
      await backend.stop();
    }
  });
});

/**
 * The Cellport system's API entities in the example catalog are the backend plugins' OpenAPI
 * documents as they are now: `scripts/generate-catalog-apis.cjs --check` fails when a document
 * changed without the catalog file, and every entity is a valid catalog API of the system.
 */
import {
  apiEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { guestToken, requirePortal, waitFor } from '../lib/portal';

const root = path.resolve(__dirname, '../../..');

jest.setTimeout(400_000);

describe('catalog/cellport-apis.yaml', () => {
  it('is generated from the current OpenAPI documents', () => {
    const out = execFileSync(
      process.execPath,
      [path.join(root, 'scripts', 'generate-catalog-apis.cjs'), '--check'],
      { encoding: 'utf8' },
    );
    expect(out).toMatch(/holds \d+ OpenAPI documents/);
  });

  it('holds valid API entities of the cellport system, one per backend plugin document', async () => {
    const entities = yaml
      .loadAll(
        fs.readFileSync(path.join(root, 'catalog', 'cellport-apis.yaml'), 'utf8'),
      )
      .filter(Boolean) as any[];
    const [system, ...apis] = entities;
    expect(await systemEntityV1alpha1Validator.check(system)).toBe(true);
    expect(system.metadata.name).toBe('cellport');
    const documents = fs
      .readdirSync(path.join(root, 'plugins'))
      .filter(d =>
        fs.existsSync(path.join(root, 'plugins', d, 'src/schema/openapi.yaml')),
      );
    expect(apis.map(a => a.metadata.annotations['cellport.io/openapi-document']))
      .toEqual(documents.sort().map(d => `plugins/${d}/src/schema/openapi.yaml`));
    for (const api of apis) {
      expect(await apiEntityV1alpha1Validator.check(api)).toBe(true);
      expect(api.spec.system).toBe('cellport');
      const doc = yaml.load(api.spec.definition) as any;
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
    }
    expect(apis.map(a => a.metadata.name)).toContain('cellport-cells-api');
    const locations = yaml.load(
      fs.readFileSync(path.join(root, 'catalog', 'locations.yaml'), 'utf8'),
    ) as any;
    expect(locations.spec.targets).toContain('./cellport-apis.yaml');
  });

  it('the running portal lists the cells API in the cellport system, and the cells backend serves the same document', async () => {
    const url = await requirePortal();
    const token = await guestToken(url);
    const headers = { Authorization: `Bearer ${token}` };
    const file = fs.readFileSync(
      path.join(root, 'plugins/cells-backend/src/schema/openapi.yaml'),
      'utf8',
    );
    // the catalog reads the location again every few minutes: wait for the current document
    const entity = await waitFor(
      'api:default/cellport-cells-api in the catalog with the current document',
      async () => {
        const res = await fetch(
          `${url}/api/catalog/entities/by-name/api/default/cellport-cells-api`,
          { headers },
        );
        const found = res.ok ? ((await res.json()) as any) : undefined;
        return found?.spec?.definition === file ? found : undefined;
      },
      300_000,
      2000,
    );
    expect(entity.spec).toMatchObject({ type: 'openapi', system: 'cellport' });
    expect(
      entity.relations.map((r: any) => `${r.type} ${r.targetRef}`),
    ).toContain('partOf system:default/cellport');

    const served = await fetch(`${url}/api/cells/openapi.json`, { headers });
    expect(served.status).toBe(200);
    const document = (await served.json()) as any;
    expect(Object.keys(document.paths).sort()).toEqual(
      Object.keys((yaml.load(file) as any).paths)
        .map(p => `/api/cells${p}`)
        .sort(),
    );
  });

  it('every backend plugin with a document serves it, validated, from its running router', async () => {
    const url = await requirePortal();
    const headers = { Authorization: `Bearer ${await guestToken(url)}` };
    const plugins = fs
      .readdirSync(path.join(root, 'plugins'))
      .filter(d =>
        fs.existsSync(path.join(root, 'plugins', d, 'src/schema/openapi.yaml')),
      )
      .sort();
    const served: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const dir of plugins) {
      const pkg = JSON.parse(
        fs.readFileSync(path.join(root, 'plugins', dir, 'package.json'), 'utf8'),
      );
      const id = pkg.backstage.pluginId as string;
      const doc = yaml.load(
        fs.readFileSync(
          path.join(root, 'plugins', dir, 'src/schema/openapi.yaml'),
          'utf8',
        ),
      ) as any;
      expected[id] = Object.keys(doc.paths)
        .map(p => `/api/${id}${p}`)
        .sort();
      const res = await fetch(`${url}/api/${id}/openapi.json`, { headers });
      served[id] = res.ok
        ? Object.keys(((await res.json()) as any).paths).sort()
        : `${res.status} ${await res.text()}`;
    }
    expect(served).toEqual(expected);
  });
});

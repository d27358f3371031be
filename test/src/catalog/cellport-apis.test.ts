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

const root = path.resolve(__dirname, '../../..');

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
});

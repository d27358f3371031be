import { Entity } from '@backstage/catalog-model';
import yaml from 'js-yaml';
import fs from 'node:fs';
import path from 'node:path';
import {
  CELLPORT_ANNOTATIONS,
  getCellportAnnotations,
  hasCellportAnnotation,
} from './annotations';

const component = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations },
});

describe('Cellport annotations', () => {
  it('parses every annotation and splits domains', () => {
    expect(
      getCellportAnnotations(
        component({
          'cellport.io/app': 'shop',
          'cellport.io/image': 'store/shop',
          'cellport.io/build': 'shop',
          'cellport.io/domain': ' shop.example , www.example ,',
        }),
      ),
    ).toEqual({
      app: 'shop',
      image: 'store/shop',
      build: 'shop',
      domains: ['shop.example', 'www.example'],
    });
  });

  it('treats missing and blank annotations as absent', () => {
    const entity = component({ 'cellport.io/app': '  ' });
    expect(getCellportAnnotations(entity)).toEqual({
      app: undefined,
      image: undefined,
      build: undefined,
      domains: [],
    });
    expect(hasCellportAnnotation(entity, 'app')).toBe(false);
  });

  it('matches the annotations used by the example catalog', () => {
    const file = path.resolve(__dirname, '../../../catalog/components.yaml');
    const entities = yaml.loadAll(fs.readFileSync(file, 'utf8')) as Entity[];
    const used = new Set(
      entities.flatMap(e =>
        Object.keys(e.metadata.annotations ?? {}).filter(k =>
          k.startsWith('cellport.io/'),
        ),
      ),
    );
    expect([...used].sort()).toEqual(
      Object.values(CELLPORT_ANNOTATIONS).sort(),
    );
    expect(
      entities.filter(e => hasCellportAnnotation(e, 'app')).length,
    ).toBeGreaterThanOrEqual(4);
  });
});

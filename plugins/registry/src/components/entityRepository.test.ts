import type { Entity } from '@backstage/catalog-model';
import type { ImageRepository } from '@cellport/plugin-registry-common';
import { lookupEntityRepository } from './entityRepository';

const component = (annotations: Record<string, string> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', annotations },
  spec: { owner: 'group:default/payments-team', type: 'service', lifecycle: 'production' },
});

const repo = (name: string): ImageRepository => ({
  name,
  group: name.split('/')[0],
  visibilityOverride: null,
  visibility: 'private',
  description: '',
  createdBy: 'user:default/alice',
  createdAt: '2026-12-01T00:00:00Z',
  pullCount: 0,
});

describe('lookupEntityRepository', () => {
  it('uses the annotation, and offers to create exactly that repository', () => {
    expect(
      lookupEntityRepository(component({ 'cellport.io/image': ' payments/api ' }), [], []),
    ).toEqual({
      annotated: 'payments/api',
      found: [],
      suggestion: { group: 'payments', name: 'api' },
    });
  });

  it("finds repositories named like the component, the owner's group first", () => {
    const result = lookupEntityRepository(
      component(),
      [repo('a/payments-api'), repo('payments-team/payments-api'), repo('a/other')],
      ['a', 'payments-team'],
    );
    expect(result.annotated).toBeUndefined();
    expect(result.found.map(r => r.name)).toEqual([
      'payments-team/payments-api',
      'a/payments-api',
    ]);
  });

  it("suggests the owner's group when the user sees it, else the first visible group", () => {
    expect(lookupEntityRepository(component(), [], ['payments-team', 'x']).suggestion).toEqual({
      group: 'payments-team',
      name: 'payments-api',
    });
    expect(lookupEntityRepository(component(), [], ['x']).suggestion).toEqual({
      group: 'x',
      name: 'payments-api',
    });
    expect(lookupEntityRepository(component(), [], []).suggestion.group).toBe('payments-team');
  });
});

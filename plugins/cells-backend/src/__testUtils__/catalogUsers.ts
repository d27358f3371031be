// Catalog users for the plugin tests' catalog mock (catalogServiceMock.factory({ entities })).
import { Entity } from '@backstage/catalog-model';

/** The catalog User `user:default/<name>`. */
export function catalogUser(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {},
  };
}

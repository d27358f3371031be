import type { Entity } from '@backstage/catalog-model';
import { hasCellportAnnotation } from '@cellport/common';

/**
 * True for a catalog Component annotated with `cellport.io/app`: the observability tab applies.
 *
 * @public
 */
export function isObservabilityAvailable(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    hasCellportAnnotation(entity, 'app')
  );
}

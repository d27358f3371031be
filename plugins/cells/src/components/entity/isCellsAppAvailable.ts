import type { Entity } from '@backstage/catalog-model';
import { hasCellportAnnotation } from '@cellport/common';

/**
 * True for a catalog Component annotated with `cellport.io/app`: the entity tab applies.
 *
 * ```tsx
 * <EntityLayout.Route path="/cells" title="Cells" if={isCellsAppAvailable}>
 *   <EntityCellsAppContent />
 * </EntityLayout.Route>
 * ```
 *
 * @public
 */
export function isCellsAppAvailable(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    hasCellportAnnotation(entity, 'app')
  );
}

import type { Entity } from '@backstage/catalog-model';

/**
 * True for a catalog Component: the Cells tab shows its app (named by `cellport.io/app`, or one
 * whose componentRef is the component), or offers to create one.
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
  return entity.kind.toLocaleLowerCase('en-US') === 'component';
}

import type { Entity } from '@backstage/catalog-model';
import { getCellportAnnotations } from '@cellport/common';

/**
 * True for entities annotated `cellport.io/domain` (one or more domains, comma-separated): the
 * Domain tab shows them.
 *
 * @public
 */
export function isSlbDomainAvailable(entity: Entity): boolean {
  return getCellportAnnotations(entity).domains.length > 0;
}

import type { Entity } from '@backstage/catalog-model';

/** The annotation naming a component's domain. @public */
export const SLB_DOMAIN_ANNOTATION = 'cellport.io/domain';

/**
 * True for entities annotated `cellport.io/domain`: the Domain tab shows that domain.
 *
 * @public
 */
export function isSlbDomainAvailable(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[SLB_DOMAIN_ANNOTATION]);
}

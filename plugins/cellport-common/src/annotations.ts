import { Entity } from '@backstage/catalog-model';

/**
 * The catalog annotations Cellport plugins read from a Component. This is the one place they are
 * defined; `catalog/components.yaml` shows them in use.
 *
 * @public
 */
export const CELLPORT_ANNOTATIONS = {
  /** The Cellport app (the Kubernetes namespace in every cell) that runs the component. */
  app: 'cellport.io/app',
  /** The image repository, `group/name`, the component's images are pushed to. */
  image: 'cellport.io/image',
  /** The build config that builds the component's image. */
  build: 'cellport.io/build',
  /** The load-balancer domains routing to the component, comma-separated. */
  domain: 'cellport.io/domain',
} as const;

/**
 * The Cellport annotations of one entity, parsed.
 *
 * @public
 */
export interface CellportAnnotations {
  app?: string;
  image?: string;
  build?: string;
  domains: string[];
}

/**
 * Reads the Cellport annotations of an entity; blank values count as absent.
 *
 * @public
 */
export function getCellportAnnotations(entity: Entity): CellportAnnotations {
  const annotations = entity.metadata.annotations ?? {};
  const read = (key: string) => {
    const value = annotations[key]?.trim();
    return value ? value : undefined;
  };
  return {
    app: read(CELLPORT_ANNOTATIONS.app),
    image: read(CELLPORT_ANNOTATIONS.image),
    build: read(CELLPORT_ANNOTATIONS.build),
    domains: (read(CELLPORT_ANNOTATIONS.domain) ?? '')
      .split(',')
      .map(d => d.trim())
      .filter(Boolean),
  };
}

/**
 * True when the entity carries the given Cellport annotation (used by entity tabs' `filter`).
 *
 * @public
 */
export function hasCellportAnnotation(
  entity: Entity,
  key: keyof typeof CELLPORT_ANNOTATIONS,
): boolean {
  return Boolean(entity.metadata.annotations?.[CELLPORT_ANNOTATIONS[key]]?.trim());
}

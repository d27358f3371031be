import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { CELLPORT_ANNOTATIONS } from '@cellport/common';
import type { ImageRepository } from '@cellport/plugin-registry-common';

/** Where a component's images live, as far as the catalog and the registry tell. */
export type EntityRepositoryLookup = {
  /** The repository named by the `cellport.io/image` annotation, if any. */
  annotated?: string;
  /** Without an annotation: visible repositories named like the component, best first. */
  found: ImageRepository[];
  /** The group and name to offer when a repository must be created. */
  suggestion: { group: string; name: string };
};

/** The name of the entity's owner group (`group:default/payments-team` → `payments-team`). */
function ownerName(entity: Entity): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) {
    return undefined;
  }
  try {
    return parseEntityRef(owner, { defaultKind: 'group' }).name;
  } catch {
    return undefined;
  }
}

/** Lowercase, registry-safe form of a catalog name. */
function registryName(name: string): string {
  return name
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
}

/**
 * Finds the image repository of a component: the one its `cellport.io/image` annotation names,
 * else visible repositories whose last path segment is the component's name (those in the owner's
 * group first), and what to create when there is none.
 */
export function lookupEntityRepository(
  entity: Entity,
  repositories: ImageRepository[],
  groups: string[],
): EntityRepositoryLookup {
  const annotated =
    entity.metadata.annotations?.[CELLPORT_ANNOTATIONS.image]?.trim() ||
    undefined;
  const name = registryName(entity.metadata.name);
  const owner = ownerName(entity);
  if (annotated) {
    const slash = annotated.indexOf('/');
    return {
      annotated,
      found: [],
      suggestion:
        slash > 0
          ? { group: annotated.slice(0, slash), name: annotated.slice(slash + 1) }
          : { group: owner ? registryName(owner) : groups[0] ?? '', name },
    };
  }
  const ownerGroup = owner ? registryName(owner) : undefined;
  const found = repositories
    .filter(r => r.name.slice(r.name.lastIndexOf('/') + 1) === name)
    .sort(
      (a, b) =>
        Number(b.group === ownerGroup) - Number(a.group === ownerGroup) ||
        a.name.localeCompare(b.name),
    );
  const group =
    ownerGroup && groups.includes(ownerGroup)
      ? ownerGroup
      : groups[0] ?? ownerGroup ?? '';
  return { found, suggestion: { group, name } };
}

/**
 * The four kinds of Cellport resources that have members.
 *
 * @public
 */
export const RESOURCE_KINDS = [
  'app',
  'image-group',
  'image-repository',
  'build-config',
] as const;

/**
 * A kind of Cellport resource that has members: `app`, `image-group`, `image-repository` or
 * `build-config`.
 *
 * @public
 */
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/**
 * Whether a value is a resource kind.
 *
 * @public
 */
export function isResourceKind(value: unknown): value is ResourceKind {
  return (
    typeof value === 'string' &&
    (RESOURCE_KINDS as readonly string[]).includes(value)
  );
}

/**
 * The Backstage permission resource type of each kind (the `resourceType` of its permissions).
 *
 * @public
 */
export const RESOURCE_TYPES = {
  app: 'cellport-app',
  'image-group': 'cellport-image-group',
  'image-repository': 'cellport-image-repository',
  'build-config': 'cellport-build-config',
} as const satisfies Record<ResourceKind, string>;

/**
 * The Backstage permission resource type of a resource kind.
 *
 * @public
 */
export type AccessResourceType = (typeof RESOURCE_TYPES)[ResourceKind];

/**
 * The backend plugin that owns each kind: it stores the resources and their members, and
 * registers the kind's permission resource type and rules.
 *
 * @public
 */
export const RESOURCE_PLUGIN_IDS = {
  app: 'cells',
  'image-group': 'registry',
  'image-repository': 'registry',
  'build-config': 'builds',
} as const satisfies Record<ResourceKind, string>;

/**
 * Display names of the kinds.
 *
 * @public
 */
export const RESOURCE_KIND_TITLES: Readonly<Record<ResourceKind, string>> = {
  app: 'app',
  'image-group': 'image group',
  'image-repository': 'image repository',
  'build-config': 'build config',
};

/**
 * The kind whose members also apply to a resource of this kind (image group roles apply to the
 * group's repositories), if any.
 *
 * @public
 */
export const PARENT_KINDS: Readonly<
  Partial<Record<ResourceKind, ResourceKind>>
> = {
  'image-repository': 'image-group',
};

/**
 * Kinds that can be made public (anyone may see and pull them). Other kinds are always private:
 * visible to their members and platform admins only.
 *
 * @public
 */
export const KINDS_WITH_VISIBILITY: readonly ResourceKind[] = [
  'image-group',
  'image-repository',
];

/**
 * Who can see a resource: `private` (members and platform admins) or `public` (anyone).
 *
 * @public
 */
export type Visibility = 'private' | 'public';

/**
 * The kind of a resource and its name (`payments-api`, `payments`, `payments/ledger`).
 *
 * @public
 */
export type ResourceId = {
  kind: ResourceKind;
  name: string;
};

/**
 * The string reference of a resource, `<kind>:<name>`, e.g. `app:payments-api` or
 * `image-repository:payments/ledger`. It is the `resourceRef` of permission requests.
 *
 * @public
 */
export function stringifyResourceRef(id: ResourceId): string {
  return `${id.kind}:${id.name}`;
}

/**
 * Parses a resource reference made by {@link stringifyResourceRef}.
 *
 * @throws TypeError when the reference has no known kind or no name.
 * @public
 */
export function parseResourceRef(ref: string): ResourceId {
  const colon = ref.indexOf(':');
  const kind = colon > 0 ? ref.slice(0, colon) : '';
  const name = colon > 0 ? ref.slice(colon + 1) : '';
  if (!isResourceKind(kind) || !name) {
    throw new TypeError(
      `Invalid resource reference '${ref}': expected <kind>:<name> with kind one of ${RESOURCE_KINDS.join(
        ', ',
      )}`,
    );
  }
  return { kind, name };
}

/**
 * The parent of a resource whose parent's members also apply to it: the image group of an image
 * repository (`payments` for `payments/ledger`). `undefined` for other kinds.
 *
 * @public
 */
export function parentOf(id: ResourceId): ResourceId | undefined {
  const parentKind = PARENT_KINDS[id.kind];
  const slash = id.name.indexOf('/');
  if (!parentKind || slash <= 0) {
    return undefined;
  }
  return { kind: parentKind, name: id.name.slice(0, slash) };
}

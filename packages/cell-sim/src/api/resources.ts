/**
 * The resource types the simulator serves, with the discovery data the real apiserver publishes.
 */

/** Description of one served resource type. */
export interface ResourceType {
  /** API group ('' for core). */
  group: string;
  version: string;
  /** Plural resource name used in URLs. */
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Subresources served besides the main resource. */
  subresources: string[];
  /** Whether spec changes bump metadata.generation. */
  tracksGeneration: boolean;
  /** Whether a status subresource exists (main-resource writes then ignore status). */
  hasStatus: boolean;
  /** Name validation used for metadata.name. */
  nameRule: 'subdomain' | 'label' | 'dns1035' | 'path';
  categories?: string[];
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** All resource types served, in discovery order. */
export const RESOURCE_TYPES: ResourceType[] = [
  {
    group: '', version: 'v1', plural: 'namespaces', singular: 'namespace', kind: 'Namespace',
    namespaced: false, shortNames: ['ns'], subresources: ['status', 'finalize'],
    tracksGeneration: false, hasStatus: true, nameRule: 'label',
  },
  {
    group: '', version: 'v1', plural: 'pods', singular: 'pod', kind: 'Pod', namespaced: true,
    shortNames: ['po'], subresources: ['status', 'log', 'binding', 'eviction'], tracksGeneration: false,
    hasStatus: true, nameRule: 'subdomain', categories: ['all'],
  },
  {
    group: '', version: 'v1', plural: 'services', singular: 'service', kind: 'Service',
    namespaced: true, shortNames: ['svc'], subresources: ['status'], tracksGeneration: false,
    hasStatus: true, nameRule: 'dns1035', categories: ['all'],
  },
  {
    group: '', version: 'v1', plural: 'endpoints', singular: 'endpoints', kind: 'Endpoints',
    namespaced: true, shortNames: ['ep'], subresources: [], tracksGeneration: false,
    hasStatus: false, nameRule: 'subdomain',
  },
  {
    group: '', version: 'v1', plural: 'events', singular: 'event', kind: 'Event', namespaced: true,
    shortNames: ['ev'], subresources: [], tracksGeneration: false, hasStatus: false, nameRule: 'subdomain',
  },
  {
    group: '', version: 'v1', plural: 'secrets', singular: 'secret', kind: 'Secret', namespaced: true,
    subresources: [], tracksGeneration: false, hasStatus: false, nameRule: 'subdomain',
  },
  {
    group: '', version: 'v1', plural: 'configmaps', singular: 'configmap', kind: 'ConfigMap',
    namespaced: true, shortNames: ['cm'], subresources: [], tracksGeneration: false,
    hasStatus: false, nameRule: 'subdomain',
  },
  {
    group: '', version: 'v1', plural: 'nodes', singular: 'node', kind: 'Node', namespaced: false,
    shortNames: ['no'], subresources: ['status'], tracksGeneration: false, hasStatus: true,
    nameRule: 'subdomain',
  },
  {
    group: 'apps', version: 'v1', plural: 'deployments', singular: 'deployment', kind: 'Deployment',
    namespaced: true, shortNames: ['deploy'], subresources: ['status', 'scale'],
    tracksGeneration: true, hasStatus: true, nameRule: 'subdomain', categories: ['all'],
  },
  {
    group: 'apps', version: 'v1', plural: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet',
    namespaced: true, shortNames: ['rs'], subresources: ['status', 'scale'], tracksGeneration: true,
    hasStatus: true, nameRule: 'subdomain', categories: ['all'],
  },
  {
    group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers',
    singular: 'horizontalpodautoscaler', kind: 'HorizontalPodAutoscaler', namespaced: true,
    shortNames: ['hpa'], subresources: ['status'], tracksGeneration: true, hasStatus: true,
    nameRule: 'path', categories: ['all'],
  },
  {
    group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', singular: 'endpointslice',
    kind: 'EndpointSlice', namespaced: true, subresources: [], tracksGeneration: true,
    hasStatus: false, nameRule: 'subdomain',
  },
  {
    group: 'coordination.k8s.io', version: 'v1', plural: 'leases', singular: 'lease', kind: 'Lease',
    namespaced: true, subresources: [], tracksGeneration: false, hasStatus: false,
    nameRule: 'subdomain',
  },
];

/** The apiVersion string of a resource type. */
export function apiVersionOf(rt: ResourceType): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}

/** Store key of a resource type (group/plural). */
export function typeKey(rt: ResourceType): string {
  return `${rt.group}/${rt.plural}`;
}

/** Finds a resource type by group, version and plural. */
export function findResource(group: string, version: string, plural: string): ResourceType | undefined {
  return RESOURCE_TYPES.find(r => r.group === group && r.version === version && r.plural === plural);
}

/** Finds a resource type by kind (the simulator serves one version per kind). */
export function resourceForKind(kind: string): ResourceType {
  const rt = RESOURCE_TYPES.find(r => r.kind === kind);
  if (!rt) throw new Error(`unknown kind ${kind}`);
  return rt;
}

/** The group name used in Status details and messages, e.g. "deployments.apps". */
export function qualifiedResource(rt: ResourceType): string {
  return rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
}

/** The qualified kind used in Invalid messages, e.g. "Deployment.apps". */
export function qualifiedKind(rt: ResourceType): string {
  return rt.group ? `${rt.kind}.${rt.group}` : rt.kind;
}

/** APIResourceList for one group version. */
export function apiResourceList(group: string, version: string): object | undefined {
  const types = RESOURCE_TYPES.filter(r => r.group === group && r.version === version);
  if (types.length === 0) return undefined;
  const resources: object[] = [];
  for (const rt of types) {
    resources.push({
      name: rt.plural,
      singularName: rt.singular,
      namespaced: rt.namespaced,
      kind: rt.kind,
      verbs: VERBS,
      ...(rt.shortNames ? { shortNames: rt.shortNames } : {}),
      ...(rt.categories ? { categories: rt.categories } : {}),
      storageVersionHash: Buffer.from(`${rt.group}/${rt.plural}`).toString('base64').slice(0, 11),
    });
    for (const sub of rt.subresources) {
      const sr = subresourceInfo(rt, sub);
      resources.push({
        name: `${rt.plural}/${sub}`,
        singularName: '',
        namespaced: rt.namespaced,
        ...sr,
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}

function subresourceInfo(rt: ResourceType, sub: string): object {
  switch (sub) {
    case 'status':
      return { kind: rt.kind, verbs: ['get', 'patch', 'update'] };
    case 'scale':
      return { group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] };
    case 'log':
      return { kind: 'Pod', verbs: ['get'] };
    case 'binding':
      return { kind: 'Binding', verbs: ['create'] };
    case 'eviction':
      return { group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] };
    case 'finalize':
      return { kind: 'Namespace', verbs: ['update'] };
    default:
      return { kind: rt.kind, verbs: ['get'] };
  }
}

/** APIGroupList for /apis. */
export function apiGroupList(): object {
  const groups = new Map<string, string[]>();
  for (const rt of RESOURCE_TYPES) {
    if (!rt.group) continue;
    const versions = groups.get(rt.group) ?? [];
    if (!versions.includes(rt.version)) versions.push(rt.version);
    groups.set(rt.group, versions);
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups.entries()].map(([name, versions]) => apiGroup(name, versions)),
  };
}

/** APIGroup for /apis/<group>. */
export function apiGroupFor(name: string): object | undefined {
  const versions = [
    ...new Set(RESOURCE_TYPES.filter(r => r.group === name).map(r => r.version)),
  ];
  if (versions.length === 0) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(name, versions) };
}

function apiGroup(name: string, versions: string[]) {
  return {
    name,
    versions: versions.map(v => ({ groupVersion: `${name}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
  };
}

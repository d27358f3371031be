/**
 * The bits of the Kubernetes OpenAPI schema the simulator needs: how lists merge
 * (strategic merge patch and server-side apply use the same patchMergeKey / listType data).
 */

/** How a list field merges. */
export type ListStrategy = { type: 'map'; keys: string[] } | { type: 'set' } | { type: 'atomic' };

const CONTAINERS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/**
 * The merge strategy of the list at `path` (field names from the object root, list indices left out).
 */
export function listStrategy(kind: string, path: string[]): ListStrategy {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (CONTAINERS.has(last) && parent === 'spec') return { type: 'map', keys: ['name'] };
  if (CONTAINERS.has(parent)) {
    if (last === 'env') return { type: 'map', keys: ['name'] };
    if (last === 'ports') return { type: 'map', keys: ['containerPort', 'protocol'] };
    if (last === 'volumeMounts') return { type: 'map', keys: ['mountPath'] };
    if (last === 'volumeDevices') return { type: 'map', keys: ['devicePath'] };
    if (last === 'resizePolicy') return { type: 'atomic' };
  }
  if (parent === 'spec' && (last === 'volumes' || last === 'imagePullSecrets')) return { type: 'map', keys: ['name'] };
  if (parent === 'spec' && last === 'hostAliases') return { type: 'map', keys: ['ip'] };
  if (kind === 'Service' && path.length === 2 && parent === 'spec' && last === 'ports') {
    return { type: 'map', keys: ['port', 'protocol'] };
  }
  if (parent === 'metadata' && last === 'ownerReferences') return { type: 'map', keys: ['uid'] };
  if (parent === 'metadata' && last === 'finalizers') return { type: 'set' };
  if (kind === 'Namespace' && last === 'finalizers') return { type: 'set' };
  if (parent === 'status' && last === 'conditions') return { type: 'map', keys: ['type'] };
  if (kind === 'HorizontalPodAutoscaler' && last === 'metrics') return { type: 'atomic' };
  return { type: 'atomic' };
}

/** The strategic-merge-patch merge key (the first key; the second is defaulted). */
export function mergeKeyOf(kind: string, path: string[]): string | undefined {
  const s = listStrategy(kind, path);
  return s.type === 'map' ? s.keys[0] : undefined;
}

/** Default values of secondary map keys, so that `{containerPort: 80}` matches `{containerPort: 80, protocol: TCP}`. */
export function keyValue(item: any, key: string): unknown {
  const v = item?.[key];
  if (v === undefined && key === 'protocol') return 'TCP';
  return v;
}

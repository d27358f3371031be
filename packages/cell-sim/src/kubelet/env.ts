import { ObjectStore } from '../store/ObjectStore';
import { resourceForKind } from '../api/resources';
import { KubeObject } from '../util/objects';

/** Raised when a container's environment references something missing (CreateContainerConfigError). */
export class ContainerConfigError extends Error {}

function fieldRef(pod: KubeObject, path: string): string {
  const m = path.match(/^metadata\.(labels|annotations)\['(.+)'\]$/);
  if (m) return pod.metadata[m[1]]?.[m[2]] ?? '';
  switch (path) {
    case 'metadata.name': return pod.metadata.name ?? '';
    case 'metadata.namespace': return pod.metadata.namespace ?? '';
    case 'metadata.uid': return pod.metadata.uid ?? '';
    case 'spec.nodeName': return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? '';
    case 'status.podIP': return pod.status?.podIP ?? '';
    case 'status.hostIP': return pod.status?.hostIP ?? '';
    default: return '';
  }
}

/** Resolves a container's env and envFrom like the kubelet (ConfigMaps, Secrets, fieldRefs). */
export function resolveEnv(store: ObjectStore, pod: KubeObject, container: any, podIP: string): Record<string, string> {
  const ns = pod.metadata.namespace!;
  const cmRt = resourceForKind('ConfigMap');
  const secRt = resourceForKind('Secret');
  const env: Record<string, string> = {};
  const podView = { ...pod, status: { ...(pod.status ?? {}), podIP } };
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const cm = store.get(cmRt, ns, from.configMapRef.name);
      if (!cm) {
        if (from.configMapRef.optional) continue;
        throw new ContainerConfigError(`configmap "${from.configMapRef.name}" not found`);
      }
      for (const [k, v] of Object.entries(cm.data ?? {})) env[prefix + k] = String(v);
    }
    if (from.secretRef) {
      const s = store.get(secRt, ns, from.secretRef.name);
      if (!s) {
        if (from.secretRef.optional) continue;
        throw new ContainerConfigError(`secret "${from.secretRef.name}" not found`);
      }
      for (const [k, v] of Object.entries(s.data ?? {})) env[prefix + k] = Buffer.from(String(v), 'base64').toString('utf8');
    }
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) {
      env[e.name] = String(e.value).replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m: string, n: string) => env[n] ?? m);
      continue;
    }
    const vf = e.valueFrom;
    if (!vf) {
      env[e.name] = '';
      continue;
    }
    if (vf.configMapKeyRef) {
      const cm = store.get(cmRt, ns, vf.configMapKeyRef.name);
      const v = cm?.data?.[vf.configMapKeyRef.key];
      if (v === undefined) {
        if (vf.configMapKeyRef.optional) continue;
        throw new ContainerConfigError(cm ? `couldn't find key ${vf.configMapKeyRef.key} in ConfigMap ${ns}/${vf.configMapKeyRef.name}` : `configmap "${vf.configMapKeyRef.name}" not found`);
      }
      env[e.name] = String(v);
    } else if (vf.secretKeyRef) {
      const s = store.get(secRt, ns, vf.secretKeyRef.name);
      const v = s?.data?.[vf.secretKeyRef.key];
      if (v === undefined) {
        if (vf.secretKeyRef.optional) continue;
        throw new ContainerConfigError(s ? `couldn't find key ${vf.secretKeyRef.key} in Secret ${ns}/${vf.secretKeyRef.name}` : `secret "${vf.secretKeyRef.name}" not found`);
      }
      env[e.name] = Buffer.from(String(v), 'base64').toString('utf8');
    } else if (vf.fieldRef) {
      env[e.name] = fieldRef(podView, vf.fieldRef.fieldPath);
    } else if (vf.resourceFieldRef) {
      const r = vf.resourceFieldRef.resource as string;
      const [kind, res] = r.split('.');
      env[e.name] = String(container.resources?.[kind]?.[res] ?? '0');
    }
  }
  return env;
}

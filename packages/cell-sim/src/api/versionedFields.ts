/**
 * Fields that exist only from some Kubernetes version on. An apiserver that predates a field does
 * not know it: decoding drops it (with a warning; `fieldValidation=Strict` would refuse), and
 * validation then sees the object without it. The simulator drops them the same way.
 */
import { KubeObject } from '../util/objects';
import { atLeast, KubeVersion } from './version';

/** Pod specs of an object: a Pod's own, or the template of a workload. */
function podSpecs(obj: KubeObject): any[] {
  if (obj.kind === 'Pod') return obj.spec ? [obj.spec] : [];
  const template = obj.spec?.template?.spec;
  return template ? [template] : [];
}

/**
 * Removes what `version` does not know: the `sleep` lifecycle handler (v1.30, where the
 * PodLifecycleSleepAction gate went beta). Mutates and returns `obj`.
 */
export function dropUnknownFields(obj: KubeObject, version: KubeVersion): KubeObject {
  if (atLeast(version, 30)) return obj;
  for (const spec of podSpecs(obj)) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const hook of ['preStop', 'postStart']) {
        if (c?.lifecycle?.[hook]?.sleep !== undefined) delete c.lifecycle[hook].sleep;
      }
    }
  }
  return obj;
}

/**
 * OpenAPI v3 discovery (`/openapi/v3` and `/openapi/v3/<api/v1|apis/group/version>`), as kubectl
 * uses it: the paths and operations of the served resources, each tagged with
 * `x-kubernetes-group-version-kind` and listing its query parameters (so kubectl finds
 * `fieldValidation` and validates on the server). Object schemas are not published: clients fall
 * back to their compiled-in types (strategic merge patch metadata), `kubectl explain` has nothing
 * to show.
 */
import { createHash } from 'node:crypto';
import { RESOURCE_TYPES, ResourceType } from './resources';
import { KubeVersion } from './version';

function gvPath(rt: ResourceType): string {
  return rt.group ? `apis/${rt.group}/${rt.version}` : `api/${rt.version}`;
}

const param = (name: string, description: string) => ({ name, in: 'query', description, schema: { type: 'string', uniqueItems: true } });
const WRITE = [
  param('dryRun', 'When present, indicates that modifications should not be persisted.'),
  param('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.'),
  param('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn, Strict.'),
];
const FORCE = { name: 'force', in: 'query', description: 'Force is going to "force" Apply requests.', schema: { type: 'boolean', uniqueItems: true } };
const LIST = ['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'timeoutSeconds', 'watch']
  .map(n => param(n, n));

function operations(rt: ResourceType) {
  const gvk = { group: rt.group, version: rt.version, kind: rt.kind };
  const op = (action: string, id: string, parameters: unknown[]) => ({
    operationId: id, parameters, 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': gvk,
    responses: { 200: { description: 'OK' } },
  });
  const kind = `${rt.namespaced ? 'Namespaced' : ''}${rt.kind}`;
  const base = `/${gvPath(rt)}${rt.namespaced ? '/namespaces/{namespace}' : ''}/${rt.plural}`;
  return {
    [base]: {
      get: op('list', `list${kind}`, LIST),
      post: op('post', `create${kind}`, WRITE),
      delete: op('deletecollection', `deleteCollection${kind}`, LIST),
    },
    [`${base}/{name}`]: {
      get: op('get', `read${kind}`, []),
      put: op('put', `replace${kind}`, WRITE),
      patch: op('patch', `patch${kind}`, [...WRITE, FORCE]),
      delete: op('delete', `delete${kind}`, [param('gracePeriodSeconds', 'gracePeriodSeconds'), param('propagationPolicy', 'propagationPolicy')]),
    },
  };
}

/** The OpenAPI v3 document of one group version (`api/v1`, `apis/apps/v1`), or undefined. */
export function openApiV3Document(path: string, version: KubeVersion): object | undefined {
  const types = RESOURCE_TYPES.filter(rt => gvPath(rt) === path);
  if (!types.length) return undefined;
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: version.gitVersion },
    paths: Object.assign({}, ...types.map(operations)),
    components: { schemas: {} },
  };
}

/** The `/openapi/v3` index: one entry per group version with its document's URL and hash. */
export function openApiV3Index(version: KubeVersion): object {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of [...new Set(RESOURCE_TYPES.map(gvPath))]) {
    const hash = createHash('sha512').update(JSON.stringify(openApiV3Document(gv, version))).digest('hex').toUpperCase();
    paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${hash}` };
  }
  return { paths };
}

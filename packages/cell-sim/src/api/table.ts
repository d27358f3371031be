/**
 * Content negotiation for server-side printing: a request whose Accept header asks for
 * `application/json;as=Table;v=v1;g=meta.k8s.io` (what kubectl sends) gets a meta.k8s.io Table
 * with the v1.26 printer columns ({@link PRINTERS}) instead of the object or list.
 */
import { IncomingMessage } from 'node:http';
import { KubeObject } from '../util/objects';
import { badRequest } from './errors';
import { DEFAULT_PRINTER, PRINTERS } from './printers';
import { apiVersionOf, ResourceType } from './resources';

/** The Table version the client asked for first (`v1` or `v1beta1`), or undefined for plain JSON. */
export function tableRequested(req: IncomingMessage): 'v1' | 'v1beta1' | undefined {
  const accept = String(req.headers.accept ?? '');
  for (const part of accept.split(',')) {
    const [type, ...rawParams] = part.split(';').map(p => p.trim());
    const params = Object.fromEntries(rawParams.map(p => p.split('=').map(x => x.trim())));
    if (type !== 'application/json' && type !== '*/*') continue;
    if (!params.as) return undefined;
    if (params.as === 'Table' && params.g === 'meta.k8s.io' && (params.v === 'v1' || params.v === 'v1beta1')) return params.v;
  }
  return undefined;
}

function rowObject(rt: ResourceType, obj: KubeObject, include: string, version: string): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return { ...obj, apiVersion: apiVersionOf(rt), kind: rt.kind };
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

/**
 * A Table of objects: columns of the kind's printer, one row per object with all cells (wide
 * ones included; clients hide priority > 0) and the object as `includeObject` asks
 * (`Metadata` by default, `Object`, `None`).
 */
export function toTable(
  rt: ResourceType,
  items: KubeObject[],
  q: URLSearchParams,
  metadata: Record<string, unknown>,
  version: 'v1' | 'v1beta1' = 'v1',
  now = Date.now(),
): object {
  const include = q.get('includeObject') ?? 'Metadata';
  if (!['None', 'Metadata', 'Object'].includes(include)) {
    throw badRequest(`includeObject: Unsupported value: "${include}": supported values: "Metadata", "None", "Object"`);
  }
  const printer = PRINTERS[rt.kind] ?? DEFAULT_PRINTER;
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${version}`,
    metadata,
    columnDefinitions: printer.columns,
    rows: items.map(obj => {
      const { cells, conditions } = printer.print(obj, now);
      const object = rowObject(rt, obj, include, version);
      return { cells, ...(conditions ? { conditions } : {}), ...(object ? { object } : {}) };
    }),
  };
}

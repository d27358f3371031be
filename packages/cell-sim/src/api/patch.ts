import { applyPatch as applyJsonPatchOps, Operation } from 'fast-json-patch';
import { badRequest, ApiError } from './errors';
import { listStrategy, keyValue } from './schema';
import { clone, isPlainObject, JsonObject } from '../util/objects';

/** RFC 7386 JSON merge patch. */
export function jsonMergePatch(target: any, patch: any): any {
  if (!isPlainObject(patch)) return clone(patch);
  const result: JsonObject = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = jsonMergePatch(result[k], v);
  }
  return result;
}

/** RFC 6902 JSON patch; failures are answered like the apiserver (422 / 500 mapped to 422). */
export function jsonPatch(target: any, ops: unknown): any {
  if (!Array.isArray(ops)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  try {
    const doc = clone(target);
    return applyJsonPatchOps(doc, ops as Operation[], true, true).newDocument;
  } catch (e: any) {
    const msg = String(e?.message ?? e).split('\n')[0];
    throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${msg}`);
  }
}

/** Strategic merge patch for the fields the simulated resource types define strategies for. */
export function strategicMergePatch(kind: string, target: any, patch: any): any {
  if (!isPlainObject(patch)) throw badRequest('strategic merge patch must be a JSON object');
  return mergeMap(kind, [], isPlainObject(target) ? target : {}, patch);
}

function mergeMap(kind: string, path: string[], original: JsonObject, patch: JsonObject): JsonObject | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return clone(rest);
  }
  const result: JsonObject = { ...original };
  const orders: Record<string, unknown[]> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys') continue;
    if (k.startsWith('$setElementOrder/')) {
      orders[k.slice('$setElementOrder/'.length)] = v as unknown[];
      continue;
    }
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(result[field])) {
        result[field] = (result[field] as unknown[]).filter(x => !(v as unknown[]).includes(x));
      }
      continue;
    }
    if (v === null) {
      delete result[k];
      continue;
    }
    const childPath = [...path, k];
    if (Array.isArray(v)) {
      result[k] = mergeList(kind, childPath, Array.isArray(result[k]) ? result[k] : [], v);
    } else if (isPlainObject(v) && isPlainObject(result[k])) {
      const merged = mergeMap(kind, childPath, result[k], v);
      if (merged === undefined) delete result[k];
      else result[k] = merged;
    } else if (isPlainObject(v)) {
      const merged = mergeMap(kind, childPath, {}, v);
      if (merged === undefined) delete result[k];
      else result[k] = merged;
    } else {
      result[k] = v;
    }
  }
  if (Array.isArray(patch.$retainKeys)) {
    for (const k of Object.keys(result)) {
      if (!patch.$retainKeys.includes(k)) delete result[k];
    }
  }
  for (const [field, order] of Object.entries(orders)) {
    if (Array.isArray(result[field])) result[field] = applyOrder(kind, [...path, field], result[field], order);
  }
  return result;
}

function mergeList(kind: string, path: string[], original: any[], patch: any[]): any[] {
  const strategy = listStrategy(kind, path);
  if (strategy.type === 'set') {
    const out = [...original];
    for (const v of patch) if (!out.includes(v)) out.push(v);
    return out;
  }
  if (strategy.type === 'atomic') {
    return clone(patch.filter(p => !(isPlainObject(p) && p.$patch)));
  }
  if (patch.some(p => isPlainObject(p) && p.$patch === 'replace')) {
    return clone(patch.filter(p => !(isPlainObject(p) && p.$patch === 'replace')));
  }
  const key = strategy.keys;
  const same = (a: any, b: any) =>
    keyValue(a, key[0]) === keyValue(b, key[0]) &&
    key.slice(1).every(k => b[k] === undefined || keyValue(a, k) === keyValue(b, k));
  let out = [...original];
  for (const item of patch) {
    if (!isPlainObject(item)) continue;
    const idx = out.findIndex(o => same(o, item));
    if (item.$patch === 'delete') {
      if (idx >= 0) out = out.filter((_, i) => i !== idx);
      continue;
    }
    if (idx >= 0) {
      const merged = mergeMap(kind, path, out[idx], item);
      if (merged === undefined) out.splice(idx, 1);
      else out[idx] = merged;
    } else {
      const merged = mergeMap(kind, path, {}, item);
      if (merged !== undefined) out.push(merged);
    }
  }
  return out;
}

function applyOrder(kind: string, path: string[], list: any[], order: unknown[]): any[] {
  const strategy = listStrategy(kind, path);
  const keyOf = (x: any) => (strategy.type === 'map' && isPlainObject(x) ? keyValue(x, strategy.keys[0]) : x);
  const orderKeys = order.map(o => keyOf(o));
  const ordered: any[] = [];
  for (const k of orderKeys) {
    const found = list.find(x => keyOf(x) === k);
    if (found !== undefined) ordered.push(found);
  }
  for (const x of list) if (!ordered.includes(x)) ordered.push(x);
  return ordered;
}

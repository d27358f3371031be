import { listStrategy, keyValue } from './schema';
import { deepEqual, isPlainObject, JsonObject, KubeObject, ManagedFieldsEntry, clone } from '../util/objects';
import { nowRfc3339 } from '../util/time';

/**
 * managedFields bookkeeping and server-side apply, modelled on structured-merge-diff:
 * field sets are flattened to path strings made of path elements (`f:name`, `k:{"name":"x"}`, `v:"x"`).
 */

const SEP = '\u0000';
const DOT = '.';

const METADATA_SKIP = new Set([
  'managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'name', 'namespace',
]);
/** Object-valued fields treated as atomic (one leaf). */
const ATOMIC_OBJECTS = new Set(['selector']);
/** Map-valued fields that get a `.` marker like the real managedFields. */
const DOTTED_MAPS = new Set([
  'labels', 'annotations', 'matchLabels', 'data', 'binaryData', 'stringData', 'nodeSelector', 'limits',
  'requests', 'rollingUpdate', 'capacity', 'allocatable', 'resources',
]);

/** A flattened field set. */
export type FieldSet = Set<string>;

/** Which part of the object a write touches. */
export type Scope = 'main' | 'status';

function keyElement(item: JsonObject, keys: string[]): string {
  const k: JsonObject = {};
  for (const key of keys) {
    const v = item[key] ?? (key === 'protocol' ? undefined : undefined);
    if (v !== undefined) k[key] = v;
  }
  return `k:${JSON.stringify(k)}`;
}

/** Computes the field set of an object for a scope. */
export function fieldSetOf(kind: string, obj: KubeObject, scope: Scope, hasStatus: boolean): FieldSet {
  const out: FieldSet = new Set();
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind' || v === undefined) continue;
    if (hasStatus && scope === 'main' && k === 'status') continue;
    if (scope === 'status' && k !== 'status') continue;
    if (k === 'metadata') {
      for (const [mk, mv] of Object.entries(v as JsonObject)) {
        if (METADATA_SKIP.has(mk) || mv === undefined) continue;
        walk(kind, ['metadata', mk], [`f:metadata`, `f:${mk}`], mv, out);
      }
      continue;
    }
    walk(kind, [k], [`f:${k}`], v, out);
  }
  return out;
}

function walk(kind: string, path: string[], pes: string[], value: unknown, out: FieldSet) {
  const last = path[path.length - 1];
  if (isPlainObject(value) && !(ATOMIC_OBJECTS.has(last) && kind !== 'Service') && last !== 'matchExpressions') {
    if (DOTTED_MAPS.has(last)) out.add([...pes, DOT].join(SEP));
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) out.add(pes.join(SEP));
    for (const [k, v] of entries) walk(kind, [...path, k], [...pes, `f:${k}`], v, out);
    return;
  }
  if (Array.isArray(value)) {
    const strategy = listStrategy(kind, path);
    if (strategy.type === 'map') {
      for (const item of value) {
        if (!isPlainObject(item)) continue;
        const ipes = [...pes, keyElement(item, strategy.keys)];
        out.add([...ipes, DOT].join(SEP));
        for (const [k, v] of Object.entries(item)) {
          if (v !== undefined) walk(kind, [...path, k], [...ipes, `f:${k}`], v, out);
        }
      }
      if (value.length === 0) out.add(pes.join(SEP));
      return;
    }
    if (strategy.type === 'set') {
      for (const v of value) out.add([...pes, `v:${JSON.stringify(v)}`].join(SEP));
      if (value.length === 0) out.add(pes.join(SEP));
      return;
    }
  }
  out.add(pes.join(SEP));
}

/** Converts a flattened set into the fieldsV1 tree. */
export function toFieldsV1(set: FieldSet): JsonObject {
  const root: JsonObject = {};
  for (const p of [...set].sort()) {
    let node = root;
    for (const pe of p.split(SEP)) {
      node[pe] = node[pe] ?? {};
      node = node[pe];
    }
  }
  return root;
}

/** Converts a fieldsV1 tree into a flattened set. */
export function fromFieldsV1(tree: JsonObject | undefined): FieldSet {
  const out: FieldSet = new Set();
  const rec = (node: JsonObject, prefix: string[]) => {
    const keys = Object.keys(node);
    if (keys.length === 0 && prefix.length) out.add(prefix.join(SEP));
    for (const k of keys) rec(node[k], [...prefix, k]);
  };
  if (tree) rec(tree, []);
  return out;
}

/** Value at a flattened path; undefined when absent. */
export function valueAt(obj: unknown, path: string): unknown {
  let cur: any = obj;
  for (const pe of path.split(SEP)) {
    if (cur === undefined || cur === null) return undefined;
    if (pe === DOT) return cur;
    if (pe.startsWith('f:')) cur = cur[pe.slice(2)];
    else if (pe.startsWith('k:')) {
      const key = JSON.parse(pe.slice(2));
      if (!Array.isArray(cur)) return undefined;
      cur = cur.find(item => Object.entries(key).every(([k, v]) => keyValue(item, k) === v));
    } else if (pe.startsWith('v:')) {
      const v = JSON.parse(pe.slice(2));
      if (!Array.isArray(cur)) return undefined;
      return cur.some(x => deepEqual(x, v)) ? v : undefined;
    }
  }
  return cur;
}

function removeAt(obj: any, path: string) {
  const pes = path.split(SEP);
  if (pes[pes.length - 1] === DOT) pes.pop();
  let parent: any = obj;
  for (let i = 0; i < pes.length - 1; i++) {
    parent = valueAt(parent, pes[i]);
    if (parent === undefined || parent === null) return;
  }
  const lastPe = pes[pes.length - 1];
  if (lastPe.startsWith('f:') && isPlainObject(parent)) delete parent[lastPe.slice(2)];
  else if ((lastPe.startsWith('k:') || lastPe.startsWith('v:')) && Array.isArray(parent)) {
    const target = valueAt(parent, lastPe);
    const idx = parent.findIndex(x => x === target || deepEqual(x, target));
    if (idx >= 0) parent.splice(idx, 1);
  }
}

function entryMatches(e: ManagedFieldsEntry, manager: string, operation: string, scope: Scope) {
  return e.manager === manager && e.operation === operation && (e.subresource ?? '') === (scope === 'status' ? 'status' : '');
}

/**
 * Records an Update (create, PUT, non-apply patch) by `manager` on `next`, given the previous object.
 * Returns the new managedFields list.
 */
export function recordUpdate(
  kind: string,
  hasStatus: boolean,
  prev: KubeObject | undefined,
  next: KubeObject,
  manager: string,
  apiVersion: string,
  scope: Scope,
): ManagedFieldsEntry[] {
  const entries = clone(prev?.metadata.managedFields ?? []) as ManagedFieldsEntry[];
  const nextSet = fieldSetOf(kind, next, scope, hasStatus);
  const prevSet = prev ? fieldSetOf(kind, prev, scope, hasStatus) : new Set<string>();
  const changed = new Set<string>();
  for (const p of nextSet) {
    if (!prevSet.has(p) || !deepEqual(valueAt(prev, p), valueAt(next, p))) changed.add(p);
  }
  const removed = [...prevSet].filter(p => !nextSet.has(p));
  if (changed.size === 0 && removed.length === 0 && prev) return entries;
  let mine = entries.find(e => entryMatches(e, manager, 'Update', scope));
  for (const e of entries) {
    if (e === mine) continue;
    const s = fromFieldsV1(e.fieldsV1);
    let touched = false;
    for (const p of [...changed, ...removed]) if (s.delete(p)) touched = true;
    if (touched) e.fieldsV1 = toFieldsV1(s);
  }
  const own = mine ? fromFieldsV1(mine.fieldsV1) : new Set<string>();
  for (const p of changed) own.add(p);
  for (const p of removed) own.delete(p);
  if (!mine) {
    mine = { manager, operation: 'Update', apiVersion, time: nowRfc3339(), fieldsType: 'FieldsV1', fieldsV1: {} };
    if (scope === 'status') mine.subresource = 'status';
    entries.push(mine);
  }
  mine.time = nowRfc3339();
  mine.apiVersion = apiVersion;
  mine.fieldsV1 = toFieldsV1(own);
  return entries.filter(e => Object.keys(e.fieldsV1).length > 0);
}

/** A field conflict found by server-side apply. */
export interface ApplyConflict {
  manager: string;
  field: string;
  apiVersion: string;
  /** The conflicting entry's operation: Apply managers are named without their apiVersion. */
  operation: 'Apply' | 'Update';
  subresource?: string;
}

/** Result of server-side apply: the merged object and its managedFields, or conflicts. */
export interface ApplyResult {
  object?: KubeObject;
  conflicts?: ApplyConflict[];
}

/** Renders a flattened path the way apply conflict messages do (`.spec.replicas`). */
export function formatPath(path: string): string {
  return path
    .split(SEP)
    .filter(pe => pe !== DOT)
    .map(pe => {
      if (pe.startsWith('f:')) return `.${pe.slice(2)}`;
      if (pe.startsWith('k:')) return `[${pe.slice(2).replace(/^\{|\}$/g, '').replace(/"/g, '')}]`.replace(/:/g, '=');
      return `[${pe.slice(2)}]`;
    })
    .join('');
}

/**
 * Server-side apply of `applied` (the user's configuration) by `manager` onto `live`
 * (undefined when the object does not exist yet).
 */
export function serverSideApply(
  kind: string,
  hasStatus: boolean,
  live: KubeObject | undefined,
  applied: KubeObject,
  manager: string,
  apiVersion: string,
  force: boolean,
  scope: Scope,
  merge: (live: any, applied: any) => any,
): ApplyResult {
  const entries = clone(live?.metadata.managedFields ?? []) as ManagedFieldsEntry[];
  const appliedSet = fieldSetOf(kind, applied, scope, hasStatus);
  const base = live ?? { metadata: {} };
  const merged = merge(base, applied) as KubeObject;
  const conflicts: ApplyConflict[] = [];
  const mine = entries.find(e => entryMatches(e, manager, 'Apply', scope));
  for (const e of entries) {
    if (e === mine || (e.subresource ?? '') !== (scope === 'status' ? 'status' : '')) continue;
    const s = fromFieldsV1(e.fieldsV1);
    const lost: string[] = [];
    for (const p of appliedSet) {
      if (!s.has(p) || p.endsWith(DOT)) continue;
      if (!deepEqual(valueAt(live, p), valueAt(merged, p))) {
        if (force) lost.push(p);
        else conflicts.push({ manager: e.manager, field: formatPath(p), apiVersion: e.apiVersion, operation: e.operation, subresource: e.subresource });
      }
    }
    if (lost.length) {
      for (const p of lost) s.delete(p);
      e.fieldsV1 = toFieldsV1(s);
    }
  }
  if (conflicts.length) return { conflicts };
  // Fields this manager applied before but no longer does are removed unless someone else owns them.
  const previous = mine ? fromFieldsV1(mine.fieldsV1) : new Set<string>();
  const others = new Set<string>();
  for (const e of entries) if (e !== mine) for (const p of fromFieldsV1(e.fieldsV1)) others.add(p);
  const dropped = [...previous].filter(p => !appliedSet.has(p)).sort((a, b) => a.length - b.length);
  for (const p of dropped) {
    if (others.has(p)) continue;
    if (p.endsWith(DOT)) {
      const prefix = p.slice(0, -1);
      if ([...others].some(o => o.startsWith(prefix))) continue;
    }
    removeAt(merged, p);
  }
  // Shared ownership: another Apply manager with the same value keeps its fields.
  const result = entries.filter(e => e !== mine);
  const entry: ManagedFieldsEntry = {
    manager,
    operation: 'Apply',
    apiVersion,
    time: nowRfc3339(),
    fieldsType: 'FieldsV1',
    fieldsV1: toFieldsV1(appliedSet),
  };
  if (scope === 'status') entry.subresource = 'status';
  result.push(entry);
  merged.metadata = { ...merged.metadata, managedFields: result.filter(e => Object.keys(e.fieldsV1).length > 0) };
  return { object: merged };
}

import { ResourceType, typeKey } from '../api/resources';
import { compareStrings, KubeObject, objectKey } from '../util/objects';

/** The kind of a watch event. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change committed to the store. */
export interface StoreEvent {
  type: WatchEventType;
  rv: number;
  rt: ResourceType;
  /** The object after the change (for DELETED: the last state, with the deletion's resourceVersion). */
  object: KubeObject;
  /** The object before the change (undefined for ADDED). */
  prev?: KubeObject;
}

/** A change delivered to one watcher (type may differ from the store event when selectors apply). */
export interface WatchDelivery {
  type: WatchEventType;
  object: KubeObject;
}

/** Signals that a resourceVersion is older than the retained history. */
export class TooOldResourceVersionError extends Error {
  constructor(readonly requested: number, readonly oldest: number) {
    super(`too old resource version: ${requested} (${oldest})`);
  }
}

interface Watcher {
  filter: (obj: KubeObject) => boolean;
  onEvent: (delivery: WatchDelivery) => void;
}

class TypeStore {
  readonly objects = new Map<string, KubeObject>();
  readonly history: StoreEvent[] = [];
  /** Events with rv <= compactedRv are no longer retained. */
  compactedRv = 0;
  readonly watchers = new Set<Watcher>();
}

/**
 * In-memory object storage for one cell with etcd-like semantics: a cell-wide monotonically
 * increasing resourceVersion, per-type event history (the watch cache) and watchers.
 * Stored objects are treated as immutable: every write stores a new object.
 */
export class ObjectStore {
  private rv = 1;
  private compactedAt = 1;
  private readonly types = new Map<string, TypeStore>();
  private readonly listeners = new Set<(event: StoreEvent) => void>();

  constructor(private readonly historySize = 20000) {}

  /** The current (latest committed) resourceVersion. */
  currentRv(): number {
    return this.rv;
  }

  private ts(rt: ResourceType): TypeStore {
    const key = typeKey(rt);
    let s = this.types.get(key);
    if (!s) {
      s = new TypeStore();
      s.compactedRv = this.compactedAt;
      this.types.set(key, s);
    }
    return s;
  }

  /** Drops all retained history (everything up to now becomes "too old" for watches). */
  compact(): void {
    this.compactedAt = this.rv;
    for (const s of this.types.values()) {
      s.history.length = 0;
      s.compactedRv = this.rv;
    }
  }

  /** Gets one object. */
  get(rt: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.ts(rt).objects.get(objectKey(rt.namespaced ? namespace : undefined, name));
  }

  /** Lists objects of a type, optionally in one namespace, sorted by key like etcd. */
  list(rt: ResourceType, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const obj of this.ts(rt).objects.values()) {
      if (namespace && obj.metadata.namespace !== namespace) continue;
      out.push(obj);
    }
    return out;
  }

  /** Lists with keys, sorted by key. */
  listSorted(rt: ResourceType, namespace?: string, atRv?: number): { key: string; object: KubeObject }[] {
    const source = atRv === undefined ? this.ts(rt).objects : this.snapshot(rt, atRv);
    const out: { key: string; object: KubeObject }[] = [];
    for (const [key, obj] of source) {
      if (namespace && obj.metadata.namespace !== namespace) continue;
      out.push({ key, object: obj });
    }
    out.sort((a, b) => compareStrings(a.key, b.key));
    return out;
  }

  /** Reconstructs the objects of a type as they were at a resourceVersion. */
  snapshot(rt: ResourceType, atRv: number): Map<string, KubeObject> {
    const s = this.ts(rt);
    if (atRv < s.compactedRv) throw new TooOldResourceVersionError(atRv, s.compactedRv);
    const result = new Map(s.objects);
    for (let i = s.history.length - 1; i >= 0; i--) {
      const ev = s.history[i];
      if (ev.rv <= atRv) break;
      const key = objectKey(rt.namespaced ? ev.object.metadata.namespace : undefined, ev.object.metadata.name!);
      if (ev.type === 'ADDED') result.delete(key);
      else if (ev.prev) result.set(key, ev.prev);
    }
    return result;
  }

  /** Stores a new object; the caller has filled metadata. Returns the stored object. */
  create(rt: ResourceType, obj: KubeObject): KubeObject {
    const stored = this.stamp(obj);
    const key = objectKey(rt.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name!);
    this.ts(rt).objects.set(key, stored);
    this.commit({ type: 'ADDED', rv: this.rv, rt, object: stored });
    return stored;
  }

  /** Replaces an existing object. */
  update(rt: ResourceType, obj: KubeObject): KubeObject {
    const key = objectKey(rt.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name!);
    const s = this.ts(rt);
    const prev = s.objects.get(key);
    if (!prev) throw new Error(`update of missing object ${key}`);
    const stored = this.stamp(obj);
    s.objects.set(key, stored);
    this.commit({ type: 'MODIFIED', rv: this.rv, rt, object: stored, prev });
    return stored;
  }

  /** Removes an object; returns its final state. */
  remove(rt: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const key = objectKey(rt.namespaced ? namespace : undefined, name);
    const s = this.ts(rt);
    const prev = s.objects.get(key);
    if (!prev) return undefined;
    s.objects.delete(key);
    const final = this.stamp(prev);
    this.commit({ type: 'DELETED', rv: this.rv, rt, object: final, prev });
    return final;
  }

  private stamp(obj: KubeObject): KubeObject {
    this.rv += 1;
    const { apiVersion, kind, metadata, ...rest } = obj;
    // apiVersion and kind first: the list encoder strips them from the serialized prefix.
    return { apiVersion, kind, metadata: { ...metadata, resourceVersion: String(this.rv) }, ...rest };
  }

  private commit(event: StoreEvent) {
    const s = this.ts(event.rt);
    s.history.push(event);
    if (s.history.length > this.historySize) {
      const dropped = s.history.splice(0, s.history.length - this.historySize);
      s.compactedRv = dropped[dropped.length - 1].rv;
    }
    for (const w of s.watchers) deliver(w, event);
    for (const l of this.listeners) l(event);
  }

  /** Subscribes to every committed change (controllers). */
  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Starts a watch. With `fromRv` undefined, synthetic ADDED events for the current state are
   * sent first; otherwise all retained changes after `fromRv` are replayed.
   * Throws TooOldResourceVersionError when `fromRv` is older than the retained history.
   */
  watch(
    rt: ResourceType,
    fromRv: number | undefined,
    filter: (obj: KubeObject) => boolean,
    onEvent: (delivery: WatchDelivery) => void,
  ): () => void {
    const s = this.ts(rt);
    const watcher: Watcher = { filter, onEvent };
    if (fromRv === undefined) {
      for (const { object } of this.listSorted(rt)) {
        if (filter(object)) onEvent({ type: 'ADDED', object });
      }
    } else {
      if (fromRv < s.compactedRv) throw new TooOldResourceVersionError(fromRv, s.compactedRv + 1);
      for (const ev of s.history) {
        if (ev.rv > fromRv) deliver(watcher, ev);
      }
    }
    s.watchers.add(watcher);
    return () => {
      s.watchers.delete(watcher);
    };
  }
}

function deliver(w: Watcher, ev: StoreEvent) {
  const now = w.filter(ev.object);
  if (ev.type === 'ADDED') {
    if (now) w.onEvent({ type: 'ADDED', object: ev.object });
    return;
  }
  const before = ev.prev ? w.filter(ev.prev) : false;
  if (ev.type === 'DELETED') {
    if (before || now) w.onEvent({ type: 'DELETED', object: ev.object });
    return;
  }
  if (before && now) w.onEvent({ type: 'MODIFIED', object: ev.object });
  else if (before) w.onEvent({ type: 'DELETED', object: ev.object });
  else if (now) w.onEvent({ type: 'ADDED', object: ev.object });
}

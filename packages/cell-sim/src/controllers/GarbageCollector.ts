import { RESOURCE_TYPES, ResourceType, typeKey } from '../api/resources';
import { StoreEvent } from '../store/ObjectStore';
import { KubeObject } from '../util/objects';
import { WorkQueue } from '../util/WorkQueue';
import { Controller, ControllerContext, KCM } from './context';

interface Ref {
  rt: ResourceType;
  namespace?: string;
  name: string;
}

/**
 * The garbage collector: deletes dependents whose owners are gone (Background), deletes
 * dependents first for owners deleted with Foreground propagation and orphans dependents
 * for Orphan propagation.
 */
export class GarbageCollector implements Controller {
  private readonly byUid = new Map<string, Ref>();
  private readonly dependents = new Map<string, Set<string>>();
  private readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(uid => this.process(uid), (key, e) => ctx.onError('garbage-collector', key, e));
    for (const rt of RESOURCE_TYPES) for (const o of ctx.store.list(rt)) this.index(rt, o, undefined);
    this.unsubscribe = ctx.store.subscribe(ev => this.onEvent(ev));
  }

  stop() {
    this.unsubscribe();
    this.queue.stop();
  }

  private refKey(rt: ResourceType, o: KubeObject) {
    return `${typeKey(rt)}|${o.metadata.namespace ?? ''}|${o.metadata.name}`;
  }

  private index(rt: ResourceType, o: KubeObject | undefined, prev: KubeObject | undefined) {
    if (prev) {
      for (const r of prev.metadata.ownerReferences ?? []) this.dependents.get(r.uid)?.delete(this.refKey(rt, prev));
    }
    if (o) {
      this.byUid.set(o.metadata.uid!, { rt, namespace: o.metadata.namespace, name: o.metadata.name! });
      for (const r of o.metadata.ownerReferences ?? []) {
        let s = this.dependents.get(r.uid);
        if (!s) this.dependents.set(r.uid, (s = new Set()));
        s.add(this.refKey(rt, o));
      }
    }
  }

  private onEvent(ev: StoreEvent) {
    const uid = ev.object.metadata.uid!;
    if (ev.type === 'DELETED') {
      this.index(ev.rt, undefined, ev.object);
      this.byUid.delete(uid);
      if (this.dependents.get(uid)?.size) this.queue.add(uid);
      // A dependent disappeared: its foreground-deleting owners may now finish.
      for (const r of ev.object.metadata.ownerReferences ?? []) this.queue.add(r.uid);
      return;
    }
    const refsChanged = ev.prev?.metadata.ownerReferences !== ev.object.metadata.ownerReferences;
    if (ev.type === 'ADDED' || refsChanged) this.index(ev.rt, ev.object, ev.prev);
    if (ev.object.metadata.deletionTimestamp && (ev.object.metadata.finalizers ?? []).some(f => f === 'foregroundDeletion' || f === 'orphan')) {
      this.queue.add(uid);
    }
    if (ev.type === 'ADDED' && ev.object.metadata.ownerReferences?.length) {
      // Owner might already be gone (created with a dangling reference).
      for (const r of ev.object.metadata.ownerReferences) if (!this.byUid.has(r.uid)) this.queue.add(r.uid);
    }
  }

  private lookup(key: string): { rt: ResourceType; obj: KubeObject } | undefined {
    const [tk, ns, name] = key.split('|');
    const rt = RESOURCE_TYPES.find(r => typeKey(r) === tk);
    if (!rt) return undefined;
    const obj = this.ctx.store.get(rt, ns || undefined, name);
    return obj ? { rt, obj } : undefined;
  }

  private process(ownerUid: string) {
    const { api } = this.ctx;
    const deps = [...(this.dependents.get(ownerUid) ?? [])].map(k => this.lookup(k)).filter((x): x is { rt: ResourceType; obj: KubeObject } => !!x);
    const ownerRef = this.byUid.get(ownerUid);
    const owner = ownerRef ? this.ctx.store.get(ownerRef.rt, ownerRef.namespace, ownerRef.name) : undefined;
    if (!owner) {
      for (const { rt, obj } of deps) {
        const remaining = (obj.metadata.ownerReferences ?? []).filter(r => r.uid !== ownerUid && this.byUid.has(r.uid));
        if (remaining.length === 0) {
          if (!obj.metadata.deletionTimestamp) this.tryDelete(rt, obj, 'Background');
        } else {
          api.mutate(rt, obj.metadata.namespace, obj.metadata.name!, 'generic-garbage-collector', o => {
            o.metadata.ownerReferences = (o.metadata.ownerReferences ?? []).filter(r => r.uid !== ownerUid);
          });
        }
      }
      return;
    }
    const finalizers = owner.metadata.finalizers ?? [];
    if (!owner.metadata.deletionTimestamp) return;
    if (finalizers.includes('orphan')) {
      for (const { rt, obj } of deps) {
        api.mutate(rt, obj.metadata.namespace, obj.metadata.name!, 'generic-garbage-collector', o => {
          o.metadata.ownerReferences = (o.metadata.ownerReferences ?? []).filter(r => r.uid !== ownerUid);
          if (o.metadata.ownerReferences.length === 0) delete o.metadata.ownerReferences;
        });
      }
      this.removeFinalizer(ownerRef!.rt, owner, 'orphan');
      return;
    }
    if (finalizers.includes('foregroundDeletion')) {
      const blocking = deps.filter(d => d.obj.metadata.ownerReferences?.some(r => r.uid === ownerUid && r.blockOwnerDeletion));
      for (const { rt, obj } of deps) {
        if (!obj.metadata.deletionTimestamp) this.tryDelete(rt, obj, 'Foreground');
      }
      if (blocking.length === 0) this.removeFinalizer(ownerRef!.rt, owner, 'foregroundDeletion');
    }
  }

  private removeFinalizer(rt: ResourceType, owner: KubeObject, finalizer: string) {
    this.ctx.api.mutate(rt, owner.metadata.namespace, owner.metadata.name!, KCM, o => {
      o.metadata.finalizers = (o.metadata.finalizers ?? []).filter(f => f !== finalizer);
      if (o.metadata.finalizers.length === 0) delete o.metadata.finalizers;
    });
  }

  private tryDelete(rt: ResourceType, obj: KubeObject, policy: 'Background' | 'Foreground') {
    try {
      this.ctx.api.delete(rt, obj.metadata.namespace, obj.metadata.name!, {
        propagationPolicy: policy,
        preconditions: { uid: obj.metadata.uid },
      });
    } catch {
      // gone or replaced
    }
  }
}

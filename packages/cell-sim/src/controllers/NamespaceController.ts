import { RESOURCE_TYPES } from '../api/resources';
import { StoreEvent } from '../store/ObjectStore';
import { WorkQueue } from '../util/WorkQueue';
import { Controller, ControllerContext, KCM, RT } from './context';

/** Deletes the contents of terminating namespaces, then the namespace itself. */
export class NamespaceController implements Controller {
  private readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(name => this.sync(name), (key, e) => ctx.onError('namespace', key, e));
    this.unsubscribe = ctx.store.subscribe(ev => this.onEvent(ev));
  }

  stop() {
    this.unsubscribe();
    this.queue.stop();
  }

  private onEvent(ev: StoreEvent) {
    if (ev.rt.kind === 'Namespace' && ev.type !== 'DELETED' && ev.object.metadata.deletionTimestamp) {
      this.queue.add(ev.object.metadata.name!);
    } else if (ev.type === 'DELETED' && ev.rt.namespaced) {
      const ns = this.ctx.store.get(RT.ns, undefined, ev.object.metadata.namespace!);
      if (ns?.metadata.deletionTimestamp) this.queue.add(ns.metadata.name!);
    }
  }

  private sync(name: string) {
    const { store, api } = this.ctx;
    const ns = store.get(RT.ns, undefined, name);
    if (!ns || !ns.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const rt of RESOURCE_TYPES) {
      if (!rt.namespaced) continue;
      for (const obj of store.list(rt, name)) {
        remaining++;
        if (obj.metadata.deletionTimestamp) continue;
        try {
          api.delete(rt, name, obj.metadata.name!, { propagationPolicy: 'Background' });
        } catch {
          // gone already
        }
      }
    }
    remaining = RESOURCE_TYPES.filter(rt => rt.namespaced).reduce((n, rt) => n + store.list(rt, name).length, 0);
    if (remaining > 0) {
      this.queue.addAfter(name, 1000);
      return;
    }
    const finalized = api.mutate(RT.ns, undefined, name, KCM, o => {
      o.spec = { ...(o.spec ?? {}), finalizers: [] };
    });
    if (finalized && (finalized.metadata.finalizers ?? []).length === 0 && store.get(RT.ns, undefined, name)) {
      api.finalDelete(RT.ns, finalized);
    }
  }
}

import { resourceForKind } from '../api/resources';
import { StoreEvent } from '../store/ObjectStore';
import { WorkQueue } from '../util/WorkQueue';
import { Controller, ControllerContext, KCM, RT } from './context';

/** Name of the ConfigMap the controller manager publishes in every namespace. */
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';

const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/**
 * The controller manager's root-ca-cert-publisher: shortly after a namespace is created it gets
 * the ConfigMap `kube-root-ca.crt` (`data["ca.crt"]`: the cluster CA); a deleted or edited copy
 * is put back, as in a real cluster.
 */
export class RootCaPublisher implements Controller {
  private readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: ControllerContext, private readonly caCert: string) {
    this.queue = new WorkQueue(ns => this.sync(ns), (key, e) => ctx.onError('root-ca-cert-publisher', key, e));
    this.unsubscribe = ctx.store.subscribe(ev => this.onEvent(ev));
    for (const ns of ctx.store.list(RT.ns, undefined)) this.queue.add(ns.metadata.name!);
  }

  stop() {
    this.unsubscribe();
    this.queue.stop();
  }

  private onEvent(ev: StoreEvent) {
    if (ev.rt.kind === 'Namespace' && ev.type !== 'DELETED') this.queue.add(ev.object.metadata.name!);
    else if (ev.rt.kind === 'ConfigMap' && ev.object.metadata.name === ROOT_CA_CONFIGMAP) this.queue.add(ev.object.metadata.namespace!);
  }

  private sync(namespace: string) {
    const { store, api } = this.ctx;
    const ns = store.get(RT.ns, undefined, namespace);
    if (!ns || ns.metadata.deletionTimestamp) return;
    const cmRt = resourceForKind('ConfigMap');
    const existing = store.get(cmRt, namespace, ROOT_CA_CONFIGMAP);
    const data = { 'ca.crt': this.caCert };
    if (!existing) {
      api.create(cmRt, namespace, {
        metadata: { name: ROOT_CA_CONFIGMAP, annotations: { 'kubernetes.io/description': DESCRIPTION } },
        data,
      }, { manager: KCM });
      return;
    }
    if (existing.metadata.deletionTimestamp) return;
    if (existing.data?.['ca.crt'] === this.caCert && existing.metadata.annotations?.['kubernetes.io/description'] === DESCRIPTION) return;
    api.mutate(cmRt, namespace, ROOT_CA_CONFIGMAP, KCM, cm => {
      cm.data = data;
      cm.metadata.annotations = { ...(cm.metadata.annotations ?? {}), 'kubernetes.io/description': DESCRIPTION };
    });
  }
}

/**
 * The ready endpoints of one app in one cell: an informer (list + watch, relisted after errors)
 * on the EndpointSlices of the app's Service, as kube-proxy and ingress controllers follow them.
 */
import {
  DiscoveryV1Api,
  KubeConfig,
  makeInformer,
  V1EndpointSlice,
} from '@kubernetes/client-node';
import { UpstreamServer } from '@cellport/plugin-slb-common';

/** `<app>-<version>-<replicaset hash>-<suffix>` → version. */
export function versionOfPod(app: string, pod: string | undefined): string {
  if (!pod?.startsWith(`${app}-`)) return 'unknown';
  const parts = pod.slice(app.length + 1).split('-');
  return parts.length > 2 ? parts.slice(0, -2).join('-') : 'unknown';
}

/** Ready endpoints of slices, as upstream servers of `cell` (weight 1). */
export function serversOfSlices(
  app: string,
  cell: string,
  slices: readonly V1EndpointSlice[],
): UpstreamServer[] {
  const out = new Map<string, UpstreamServer>();
  for (const slice of slices) {
    if (slice.addressType && slice.addressType !== 'IPv4') continue;
    const port =
      slice.ports?.find(p => p.name === 'http')?.port ?? slice.ports?.[0]?.port;
    if (!port) continue;
    for (const ep of slice.endpoints ?? []) {
      // only ready pods ever enter (ready is false while terminating)
      if (ep.conditions?.ready !== true || ep.conditions?.terminating) continue;
      for (const ip of ep.addresses.slice(0, 1)) {
        const address = `${ip}:${port}`;
        out.set(address, {
          address,
          cell,
          version: versionOfPod(app, ep.targetRef?.name),
          weight: 1,
        });
      }
    }
  }
  return [...out.values()].sort((a, b) => a.address.localeCompare(b.address));
}

/** Every IP the slices mention, ready or not. */
export function ipsOfSlices(slices: readonly V1EndpointSlice[]): Set<string> {
  return new Set(slices.flatMap(s => (s.endpoints ?? []).flatMap(e => e.addresses)));
}

/** Follows one app's EndpointSlices in one cell. */
export class EndpointWatch {
  private informer?: ReturnType<typeof makeInformer<V1EndpointSlice>>;
  private restartTimer?: NodeJS.Timeout;
  private stopped = false;
  /** True once listed, false again after an error until the watch is back. */
  synced = false;
  /** Whether a list has completed (the informer's objects are the cell's, not an empty start). */
  private listed = false;
  /** When the watch last failed (the cell may be unreachable). */
  failingSince?: number;
  observedAt = new Date().toISOString();

  constructor(
    private readonly kc: KubeConfig,
    readonly cell: string,
    readonly app: string,
    private readonly onChange: () => void,
  ) {}

  start(): void {
    const api = this.kc.makeApiClient(DiscoveryV1Api);
    const selector = `kubernetes.io/service-name=${this.app}`;
    const changed = () => {
      this.observedAt = new Date().toISOString();
      this.onChange();
    };
    const informer = makeInformer<V1EndpointSlice>(
      this.kc,
      `/apis/discovery.k8s.io/v1/namespaces/${this.app}/endpointslices`,
      async () => {
        const list = await api.listNamespacedEndpointSlice({ namespace: this.app, labelSelector: selector });
        // the informer stores the list right after this resolves: servers() is the cell's then
        setImmediate(() => {
          if (this.stopped) return;
          this.listed = true;
          this.synced = true;
          this.failingSince = undefined;
          changed();
        });
        return list;
      },
      selector,
    );
    informer.on('add', changed);
    informer.on('update', changed);
    informer.on('delete', changed);
    // 'connect' comes BEFORE the (re)list (client-node's ListWatch): taken as synced only when
    // the objects are a completed list's (a watch resumed after an error); a first list counts
    // when it completes, or the discovery would write the cell's servers as none meanwhile
    informer.on('connect', () => {
      if (!this.listed) return;
      this.synced = true;
      this.failingSince = undefined;
      changed();
    });
    informer.on('error', () => {
      this.synced = false;
      this.failingSince ??= Date.now();
      this.onChange();
      if (this.stopped) return;
      clearTimeout(this.restartTimer);
      this.restartTimer = setTimeout(() => {
        if (!this.stopped) informer.start().catch(() => undefined);
      }, 1000);
    });
    this.informer = informer;
    informer.start().catch(() => undefined);
  }

  /** The ready servers, or undefined when the cell has not been (re)listed. */
  servers(): UpstreamServer[] | undefined {
    if (!this.synced || !this.informer) return undefined;
    return serversOfSlices(this.app, this.cell, this.informer.list());
  }

  /** Every IP the cell's slices mention (undefined when not listed). */
  knownIps(): Set<string> | undefined {
    if (!this.synced || !this.informer) return undefined;
    return ipsOfSlices(this.informer.list());
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    this.informer?.stop().catch(() => undefined);
  }
}

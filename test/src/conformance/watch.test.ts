import * as k8s from '@kubernetes/client-node';
import { Cluster, connect, isSimulator, raw, waitFor } from './harness';
import { CONTROL_PLANE_OBJECTS, serverVersion, startWatch as watchOn } from './watching';

jest.setTimeout(120_000);

let c: Cluster;
let ns: string;

beforeAll(async () => {
  c = await connect();
  ns = await c.namespace();
});
afterAll(() => c?.close());

const startWatch = (path: string, params: Record<string, unknown>) => watchOn(c.kc, path, params);

/** What a watch from resourceVersion 1 answered: `expired` (exactly one 410 ERROR event), `replayed` or why neither. */
function tooOldOutcome(events: any[]): string {
  const [first] = events;
  if (events.length === 1 && first.type === 'ERROR') {
    const o = first.object;
    const exact = o.kind === 'Status' && o.status === 'Failure' && o.reason === 'Expired' && o.code === 410 && /^too old resource version: 1 \(\d+\)$/.test(o.message);
    return exact ? 'expired' : `unexpected ERROR: ${JSON.stringify(o)}`;
  }
  const replayed = events.length > 0 && events.every(e => ['ADDED', 'MODIFIED', 'DELETED'].includes(e.type));
  return replayed ? 'replayed' : `unexpected: ${JSON.stringify(events).slice(0, 500)}`;
}

/** What a watch asking for a watch list (sendInitialEvents + resourceVersionMatch) answered. */
function watchListOutcome(res: { status: number; body: string }): string {
  if (res.status === 422) {
    const status = JSON.parse(res.body);
    const v126 =
      status.message === 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch' &&
      status.reason === 'Invalid' && status.details?.group === 'meta.k8s.io' && status.details?.kind === 'ListOptions' &&
      JSON.stringify(status.details?.causes) === JSON.stringify([{ reason: 'FieldValueForbidden', message: 'Forbidden: resourceVersionMatch is forbidden for watch', field: 'resourceVersionMatch' }]);
    if (v126) return 'v1.26: resourceVersionMatch is forbidden for watch';
    if (String(status.message).includes('sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled')) return 'WatchList feature gate off';
    return `unexpected 422: ${res.body}`;
  }
  const events = res.status === 200 ? res.body.trim().split('\n').map(l => JSON.parse(l)) : [];
  const end = events.find(e => e.type === 'BOOKMARK')?.object.metadata.annotations?.['k8s.io/initial-events-end'];
  return end === 'true' ? 'watch list' : `unexpected ${res.status}: ${res.body.slice(0, 500)}`;
}

describe('watch', () => {
  it('streams ADDED, MODIFIED and DELETED from a resourceVersion', async () => {
    const list = await c.core.listNamespacedConfigMap({ namespace: ns });
    const w = await startWatch(`/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: list.metadata!.resourceVersion });
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'w1' }, data: { a: '1' } } });
    await c.core.replaceNamespacedConfigMap({ namespace: ns, name: 'w1', body: { metadata: { name: 'w1' }, data: { a: '2' } } });
    await c.core.deleteNamespacedConfigMap({ namespace: ns, name: 'w1' });
    // The namespace's kube-root-ca.crt (created by the controller manager) may show up too: tolerated by name.
    const own = await w.until('three events', () => w.own().length >= 3 && w.own());
    w.abort();
    expect(own.map(e => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(own[1].obj.data).toEqual({ a: '2' });
    expect(own[0].obj).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1' });
    const rvs = own.map(e => Number(e.obj.metadata.resourceVersion));
    expect(rvs[0]).toBeLessThan(rvs[1]);
    expect(rvs[1]).toBeLessThan(rvs[2]);
  });

  it('replays changes after an older resourceVersion', async () => {
    const created = await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'w2' } } });
    await c.core.patchNamespacedConfigMap({ namespace: ns, name: 'w2', body: { data: { b: '1' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    const w = await startWatch(`/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: created.metadata!.resourceVersion, fieldSelector: 'metadata.name=w2' });
    await w.until('replayed event', () => w.events.length >= 1);
    w.abort();
    expect(w.events[0]).toMatchObject({ type: 'MODIFIED' });
    expect(w.events[0].obj.data).toEqual({ b: '1' });
  });

  it('sends synthetic ADDED events for existing objects without a resourceVersion', async () => {
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'w3', labels: { watch: 'initial' } } } });
    const w = await startWatch(`/api/v1/namespaces/${ns}/configmaps`, { labelSelector: 'watch=initial' });
    await w.until('initial event', () => w.events.length >= 1);
    w.abort();
    expect(w.events[0]).toMatchObject({ type: 'ADDED' });
    expect(w.events[0].obj.metadata.name).toBe('w3');
  });

  /*
   * Needs history older than the watch cache. A cluster that has run a while (and the simulator,
   * which drops its bootstrap history at start) has compacted resourceVersion 1: 410 Gone. A fresh
   * real cluster may still hold it and replays the events with 200; say
   * CELLPORT_CONFORMANCE_HISTORY_COMPACTED=true to require the 410 from a real cluster.
   */
  it('answers 410 Gone (reason Expired) for a resourceVersion older than the history', async () => {
    const compacted = isSimulator || process.env.CELLPORT_CONFORMANCE_HISTORY_COMPACTED === 'true';
    const res = await raw(c.kc, 'GET', `/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=1&timeoutSeconds=2`);
    // The apiserver answers 200 and then an ERROR event carrying the 410 Status.
    expect(res.status).toBe(200);
    const events = res.body.trim().split('\n').filter(Boolean).map(l => JSON.parse(l));
    expect(compacted ? ['expired'] : ['expired', 'replayed']).toContain(tooOldOutcome(events));
  });

  it('reports an object leaving a label selector as DELETED', async () => {
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'w4', labels: { pick: 'me' } } } });
    const list = await c.core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'pick=me' });
    const w = await startWatch(`/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: list.metadata!.resourceVersion, labelSelector: 'pick=me' });
    await c.core.patchNamespacedConfigMap({ namespace: ns, name: 'w4', body: { metadata: { labels: { pick: null } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await w.until('DELETED event', () => w.own().length >= 1);
    w.abort();
    expect(w.own()[0].type).toBe('DELETED');
    expect(w.own()[0].obj.metadata.name).toBe('w4');
  });

  it('sends BOOKMARK events when allowed', async () => {
    const list = await c.core.listNamespacedConfigMap({ namespace: ns });
    const w = await startWatch(`/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: list.metadata!.resourceVersion, allowWatchBookmarks: true });
    // A real apiserver sends them about once a minute; an ERROR event fails at once.
    const bookmark = await w.until('a BOOKMARK event', () => w.events.find(e => e.type === 'BOOKMARK'), 90_000);
    w.abort();
    expect(bookmark.obj.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(bookmark.obj).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1' });
  });

  it('answers a watch list (sendInitialEvents) by version: v1.26 refuses resourceVersionMatch on a watch with 422', async () => {
    const list = await c.core.listNamespacedConfigMap({ namespace: ns });
    const query = `watch=true&resourceVersion=${list.metadata!.resourceVersion}&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=3`;
    const res = await raw(c.kc, 'GET', `/api/v1/namespaces/${ns}/configmaps?${query}`);
    const { minor } = await serverVersion(c.kc);
    // v1.26 has no watch lists; newer servers serve one when the WatchList feature is on.
    const allowed = minor === 26 ? ['v1.26: resourceVersionMatch is forbidden for watch'] : ['WatchList feature gate off', 'watch list'];
    expect(allowed).toContain(watchListOutcome(res));
  });

  it('gives every new namespace the control plane\'s kube-root-ca.crt ConfigMap', async () => {
    const fresh = await c.namespace('cp-rootca');
    const cm = await waitFor('kube-root-ca.crt', async () => {
      const l = await c.core.listNamespacedConfigMap({ namespace: fresh });
      return l.items.find(i => i.metadata?.name === CONTROL_PLANE_OBJECTS[0]);
    }, 30_000);
    expect(cm.data?.['ca.crt']).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(cm.metadata?.annotations?.['kubernetes.io/description']).toContain('verify the kube-apiserver');
    // Deleted, it comes back.
    await c.core.deleteNamespacedConfigMap({ namespace: fresh, name: CONTROL_PLANE_OBJECTS[0] });
    const again = await waitFor('kube-root-ca.crt again', () =>
      c.core.readNamespacedConfigMap({ namespace: fresh, name: CONTROL_PLANE_OBJECTS[0] }).catch(() => undefined), 30_000);
    expect(again.metadata?.uid).not.toBe(cm.metadata?.uid);
  });

  it('frames events as newline-delimited JSON', async () => {
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'w5' } } });
    const res = await raw(c.kc, 'GET', `/api/v1/namespaces/${ns}/configmaps?watch=true&fieldSelector=metadata.name%3Dw5&timeoutSeconds=1`);
    expect(res.status).toBe(200);
    const lines = res.body.trim().split('\n');
    expect(JSON.parse(lines[0])).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'w5' } } });
  });

  it('keeps an informer cache in sync', async () => {
    const informer = k8s.makeInformer(c.kc, `/api/v1/namespaces/${ns}/configmaps`, () => c.core.listNamespacedConfigMap({ namespace: ns }));
    await informer.start();
    try {
      await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'inf' } } });
      await waitFor('informer add', () => informer.get('inf', ns));
      await c.core.deleteNamespacedConfigMap({ namespace: ns, name: 'inf' });
      await waitFor('informer delete', () => !informer.get('inf', ns));
    } finally {
      await informer.stop();
    }
  });
});

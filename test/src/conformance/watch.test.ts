import * as k8s from '@kubernetes/client-node';
import { Cluster, connect, raw, waitFor } from './harness';

jest.setTimeout(120_000);

let c: Cluster;
let ns: string;

beforeAll(async () => {
  c = await connect();
  ns = await c.namespace();
});
afterAll(() => c?.close());

interface Seen {
  type: string;
  obj: any;
}

async function startWatch(path: string, params: Record<string, unknown>) {
  const events: Seen[] = [];
  let ended: unknown = 'open';
  const req = await new k8s.Watch(c.kc).watch(path, params, (type, obj) => events.push({ type, obj }), err => {
    ended = err ?? null;
  });
  return { events, req, ended: () => ended };
}

describe('watch', () => {
  it('streams ADDED, MODIFIED and DELETED from a resourceVersion', async () => {
    const list = await c.core.listNamespacedConfigMap({ namespace: ns });
    const w = await startWatch(`/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: list.metadata!.resourceVersion });
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'w1' }, data: { a: '1' } } });
    await c.core.replaceNamespacedConfigMap({ namespace: ns, name: 'w1', body: { metadata: { name: 'w1' }, data: { a: '2' } } });
    await c.core.deleteNamespacedConfigMap({ namespace: ns, name: 'w1' });
    await waitFor('three events', () => w.events.length >= 3);
    w.req.abort();
    expect(w.events.map(e => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(w.events[1].obj.data).toEqual({ a: '2' });
    expect(w.events[0].obj).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1' });
    const rvs = w.events.map(e => Number(e.obj.metadata.resourceVersion));
    expect(rvs[0]).toBeLessThan(rvs[1]);
    expect(rvs[1]).toBeLessThan(rvs[2]);
  });

  it('replays changes after an older resourceVersion', async () => {
    const created = await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'w2' } } });
    await c.core.patchNamespacedConfigMap({ namespace: ns, name: 'w2', body: { data: { b: '1' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    const w = await startWatch(`/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: created.metadata!.resourceVersion, fieldSelector: 'metadata.name=w2' });
    await waitFor('replayed event', () => w.events.length >= 1);
    w.req.abort();
    expect(w.events[0]).toMatchObject({ type: 'MODIFIED' });
    expect(w.events[0].obj.data).toEqual({ b: '1' });
  });

  it('sends synthetic ADDED events for existing objects without a resourceVersion', async () => {
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'w3', labels: { watch: 'initial' } } } });
    const w = await startWatch(`/api/v1/namespaces/${ns}/configmaps`, { labelSelector: 'watch=initial' });
    await waitFor('initial event', () => w.events.length >= 1);
    w.req.abort();
    expect(w.events[0]).toMatchObject({ type: 'ADDED' });
    expect(w.events[0].obj.metadata.name).toBe('w3');
  });

  it('answers 410 Gone (reason Expired) for a too old resourceVersion', async () => {
    const w = await startWatch(`/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: '1' });
    await waitFor('watch to end', () => w.ended() !== 'open' || w.events.length > 0);
    // The apiserver answers 200 and then an ERROR event carrying the 410 Status.
    const err = w.events.find(e => e.type === 'ERROR');
    const status = err?.obj ?? { code: (w.ended() as any)?.statusCode, reason: 'Expired', kind: 'Status', status: 'Failure' };
    expect(status).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 });
  });

  it('reports an object leaving a label selector as DELETED', async () => {
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'w4', labels: { pick: 'me' } } } });
    const list = await c.core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'pick=me' });
    const w = await startWatch(`/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: list.metadata!.resourceVersion, labelSelector: 'pick=me' });
    await c.core.patchNamespacedConfigMap({ namespace: ns, name: 'w4', body: { metadata: { labels: { pick: null } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await waitFor('DELETED event', () => w.events.length >= 1);
    w.req.abort();
    expect(w.events[0].type).toBe('DELETED');
    expect(w.events[0].obj.metadata.name).toBe('w4');
  });

  it('sends BOOKMARK events when allowed', async () => {
    const list = await c.core.listNamespacedConfigMap({ namespace: ns });
    const w = await startWatch(`/api/v1/namespaces/${ns}/configmaps`, {
      resourceVersion: list.metadata!.resourceVersion,
      allowWatchBookmarks: true,
      sendInitialEvents: true,
      resourceVersionMatch: 'NotOlderThan',
    });
    const bookmark = await waitFor('initial-events-end bookmark', () => w.events.find(e => e.type === 'BOOKMARK'), 90_000);
    w.req.abort();
    expect(bookmark.obj.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(bookmark.obj.metadata.annotations?.['k8s.io/initial-events-end']).toBe('true');
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

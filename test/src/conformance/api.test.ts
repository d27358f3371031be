import * as k8s from '@kubernetes/client-node';
import { Cluster, connect, expectStatus, raw } from './harness';

jest.setTimeout(120_000);

let c: Cluster;
let ns: string;

beforeAll(async () => {
  c = await connect();
  ns = await c.namespace();
});
afterAll(() => c?.close());

describe('discovery', () => {
  it('serves /version, /api and /apis', async () => {
    const version = JSON.parse((await raw(c.kc, 'GET', '/version')).body);
    expect(Number(version.major)).toBe(1);
    expect(Number(String(version.minor).replace('+', ''))).toBeGreaterThanOrEqual(26);
    expect(version.gitVersion).toMatch(new RegExp(`^v1\\.${String(version.minor).replace('+', '')}\\.\\d+`));
    const api = await c.kc.makeApiClient(k8s.CoreApi).getAPIVersions();
    expect(api.versions).toContain('v1');
    const groups = await c.kc.makeApiClient(k8s.ApisApi).getAPIVersions();
    const names = groups.groups.map(g => g.name);
    expect(names).toEqual(expect.arrayContaining(['apps', 'autoscaling', 'discovery.k8s.io', 'coordination.k8s.io']));
  });

  it('lists resources per group version, with subresources', async () => {
    const core = await c.core.getAPIResources();
    const names = core.resources.map(r => r.name);
    expect(names).toEqual(expect.arrayContaining(['pods', 'pods/status', 'pods/log', 'services', 'endpoints', 'events', 'secrets', 'configmaps', 'nodes', 'namespaces']));
    expect(core.resources.find(r => r.name === 'pods')).toMatchObject({ kind: 'Pod', namespaced: true });
    expect(core.resources.find(r => r.name === 'nodes')).toMatchObject({ kind: 'Node', namespaced: false });
    const apps = await c.apps.getAPIResources();
    expect(apps.resources.map(r => r.name)).toEqual(expect.arrayContaining(['deployments', 'deployments/status', 'deployments/scale', 'replicasets']));
    const auto = await c.autoscaling.getAPIResources();
    expect(auto.resources.map(r => r.name)).toContain('horizontalpodautoscalers');
    expect((await c.discovery.getAPIResources()).resources.map(r => r.name)).toContain('endpointslices');
    expect((await c.coordination.getAPIResources()).resources.map(r => r.name)).toContain('leases');
  });

  it('answers 404 for unknown resources and groups', async () => {
    expect((await raw(c.kc, 'GET', '/api/v1/namespaces/default/widgets')).status).toBe(404);
    expect((await raw(c.kc, 'GET', '/apis/cellport.example.com/v1')).status).toBe(404);
  });
});

describe('authentication', () => {
  it('rejects a wrong bearer token with 401 and a Status body', async () => {
    const res = await raw(c.kc, 'GET', '/api/v1/namespaces', { token: 'definitely-not-the-token' });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
  });
});

describe('create, get, update', () => {
  it('fills metadata and answers 409 AlreadyExists for a duplicate', async () => {
    const cm = await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'settings' }, data: { a: '1' } } });
    expect(cm.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(cm.metadata?.resourceVersion).toMatch(/^\d+$/);
    expect(cm.metadata?.creationTimestamp).toBeTruthy();
    expect(cm.metadata?.managedFields?.[0]).toMatchObject({ operation: 'Update', fieldsType: 'FieldsV1' });
    const status = await expectStatus(c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'settings' } } }), 409);
    expect(status).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'AlreadyExists', details: { name: 'settings', kind: 'configmaps' }, code: 409 });
    expect(status.message).toBe('configmaps "settings" already exists');
  });

  it('answers 404 NotFound with the real message', async () => {
    const status = await expectStatus(c.apps.readNamespacedDeployment({ namespace: ns, name: 'nope' }), 404);
    expect(status).toMatchObject({ reason: 'NotFound', message: 'deployments.apps "nope" not found', details: { name: 'nope', group: 'apps', kind: 'deployments' } });
    const nsStatus = await expectStatus(c.core.createNamespacedConfigMap({ namespace: 'no-such-namespace-here', body: { metadata: { name: 'x' } } }), 404);
    expect(nsStatus.message).toBe('namespaces "no-such-namespace-here" not found');
  });

  it('uses resourceVersion for optimistic concurrency (409 Conflict)', async () => {
    const lease = await c.coordination.createNamespacedLease({ namespace: ns, body: { metadata: { name: 'leader' }, spec: { holderIdentity: 'a', leaseDurationSeconds: 15 } } });
    const updated = await c.coordination.replaceNamespacedLease({ namespace: ns, name: 'leader', body: { ...lease, spec: { ...lease.spec, holderIdentity: 'b' } } });
    expect(updated.spec?.holderIdentity).toBe('b');
    expect(Number(updated.metadata?.resourceVersion)).toBeGreaterThan(Number(lease.metadata?.resourceVersion));
    const stale = await expectStatus(c.coordination.replaceNamespacedLease({ namespace: ns, name: 'leader', body: { ...lease, spec: { ...lease.spec, holderIdentity: 'c' } } }), 409);
    expect(stale.reason).toBe('Conflict');
    expect(stale.message).toContain('the object has been modified; please apply your changes to the latest version and try again');
  });

  it('bumps generation on spec changes only', async () => {
    const d = await c.apps.createNamespacedDeployment({
      namespace: ns,
      body: {
        metadata: { name: 'gen' },
        spec: { replicas: 0, selector: { matchLabels: { app: 'gen' } }, template: { metadata: { labels: { app: 'gen' } }, spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.9' }] } } },
      },
    });
    expect(d.metadata?.generation).toBe(1);
    const labelled = await c.apps.patchNamespacedDeployment({ namespace: ns, name: 'gen', body: { metadata: { labels: { x: 'y' } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    expect(labelled.metadata?.generation).toBe(1);
    const scaled = await c.apps.patchNamespacedDeployment({ namespace: ns, name: 'gen', body: { spec: { replicas: 0, paused: true } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    expect(scaled.metadata?.generation).toBe(2);
  });

  it('turns Secret stringData into base64 data', async () => {
    const s = await c.core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'creds' }, stringData: { password: 'hunter2' } } });
    expect(s.type).toBe('Opaque');
    expect(s.data?.password).toBe(Buffer.from('hunter2').toString('base64'));
    expect((s as any).stringData).toBeUndefined();
  });
});

describe('validation (422 Invalid)', () => {
  it('rejects names that are not DNS-1123 with the real Status shape', async () => {
    const status = await expectStatus(c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'Bad_Name' } } }), 422);
    expect(status).toMatchObject({
      kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Invalid', code: 422,
      details: { name: 'Bad_Name', kind: 'ConfigMap' },
    });
    expect(status.message).toMatch(/^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/);
    expect(status.details.causes[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'metadata.name' });
    const nsStatus = await expectStatus(c.core.createNamespace({ body: { metadata: { name: 'has.dots' } } }), 422);
    expect(nsStatus.message).toContain('a lowercase RFC 1123 label must consist of');
  });

  it('rejects a Deployment whose selector does not match its template', async () => {
    const status = await expectStatus(c.apps.createNamespacedDeployment({
      namespace: ns,
      body: {
        metadata: { name: 'mismatch' },
        spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
      },
    }), 422);
    expect(status.message).toContain('Deployment.apps "mismatch" is invalid');
    expect(status.details.causes.map((x: any) => x.field)).toContain('spec.template.metadata.labels');
  });

  it('rejects a container without image', async () => {
    const status = await expectStatus(c.core.createNamespacedPod({ namespace: ns, body: { metadata: { name: 'noimage' }, spec: { containers: [{ name: 'c' } as any] } } }), 422);
    expect(status.details.causes).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'spec.containers[0].image', reason: 'FieldValueRequired' })]));
  });
});

describe('list: selectors and pagination', () => {
  beforeAll(async () => {
    for (let i = 0; i < 7; i++) {
      await c.core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: `item-${i}`, labels: { tier: i % 2 ? 'odd' : 'even', idx: String(i), ...(i === 3 ? { special: 'yes' } : {}) } } },
      });
    }
  });

  const names = (l: k8s.V1ConfigMapList) => l.items.map(i => i.metadata!.name!).sort();

  it('supports equality- and set-based label selectors', async () => {
    expect(names(await c.core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'tier=odd' }))).toEqual(['item-1', 'item-3', 'item-5']);
    expect(names(await c.core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'tier!=odd,idx' }))).toEqual(['item-0', 'item-2', 'item-4', 'item-6']);
    expect(names(await c.core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'idx in (1,2),tier notin (even)' }))).toEqual(['item-1']);
    expect(names(await c.core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'special' }))).toEqual(['item-3']);
    expect(names(await c.core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'idx,!special,tier==even' }))).toEqual(['item-0', 'item-2', 'item-4', 'item-6']);
  });

  it('supports field selectors and rejects unsupported fields with 400', async () => {
    expect(names(await c.core.listNamespacedConfigMap({ namespace: ns, fieldSelector: 'metadata.name=item-4' }))).toEqual(['item-4']);
    const all = await c.core.listConfigMapForAllNamespaces({ fieldSelector: `metadata.namespace=${ns},metadata.name!=item-0`, labelSelector: 'idx' });
    expect(names(all)).toHaveLength(6);
    // A kind without its own field label conversion names the two generic fields...
    const status = await expectStatus(c.core.listNamespacedConfigMap({ namespace: ns, fieldSelector: 'data.a=1' }), 400);
    expect(status).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400 });
    expect(status.message).toBe('"data.a" is not a known field selector: only "metadata.name", "metadata.namespace"');
    // ...one with its own conversion (pods) answers in its own words.
    const pods = await expectStatus(c.core.listNamespacedPod({ namespace: ns, fieldSelector: 'data.a=1' }), 400);
    expect(pods.message).toBe('field label not supported: data.a');
  });

  it('reports remainingItemCount only for lists without selectors', async () => {
    const everything = await c.core.listNamespacedConfigMap({ namespace: ns });
    const page = await c.core.listNamespacedConfigMap({ namespace: ns, limit: 2, resourceVersion: everything.metadata!.resourceVersion, resourceVersionMatch: 'Exact' });
    expect(page.metadata?.remainingItemCount).toBe(everything.items.length - 2);
    // With a selector the apiserver cannot count what is left: no remainingItemCount at all.
    const res = await raw(c.kc, 'GET', `/api/v1/namespaces/${ns}/configmaps?labelSelector=idx&limit=3`);
    const metadata = JSON.parse(res.body).metadata;
    expect(Object.keys(metadata).sort()).toEqual(['continue', 'resourceVersion']);
    const byField = JSON.parse((await raw(c.kc, 'GET', `/api/v1/namespaces/${ns}/configmaps?fieldSelector=metadata.name!%3Dnone&limit=3`)).body).metadata;
    expect(byField.remainingItemCount).toBeUndefined();
  });

  it('pages with limit/continue over a consistent snapshot', async () => {
    const first = await c.core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'idx', limit: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.metadata?._continue).toBeTruthy();
    // A change between pages does not show up: continue serves the snapshot of the first page.
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'item-99', labels: { idx: '99' } } } });
    const second = await c.core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'idx', limit: 3, _continue: first.metadata!._continue });
    const third = await c.core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'idx', limit: 3, _continue: second.metadata!._continue });
    expect(third.metadata?._continue).toBeFalsy();
    const all = [...first.items, ...second.items, ...third.items].map(i => i.metadata!.name);
    expect(all).toEqual(['item-0', 'item-1', 'item-2', 'item-3', 'item-4', 'item-5', 'item-6']);
    expect(first.metadata?.resourceVersion).toBe(second.metadata?.resourceVersion);
  });

  it('returns List kinds with a resourceVersion', async () => {
    const res = JSON.parse((await raw(c.kc, 'GET', `/api/v1/namespaces/${ns}/configmaps?limit=1`)).body);
    expect(res).toMatchObject({ kind: 'ConfigMapList', apiVersion: 'v1' });
    expect(res.metadata.resourceVersion).toMatch(/^\d+$/);
  });
});

describe('nodes and events', () => {
  it('has schedulable Ready nodes with capacity', async () => {
    const nodes = await c.core.listNode();
    expect(nodes.items.length).toBeGreaterThan(0);
    for (const n of nodes.items) {
      expect(n.status?.conditions?.find(x => x.type === 'Ready')?.status).toBe('True');
      expect(n.status?.allocatable?.cpu).toBeTruthy();
      expect(n.status?.allocatable?.pods).toBeTruthy();
    }
  });

  it('stores core/v1 Events and filters them by involvedObject', async () => {
    await c.core.createNamespacedEvent({
      namespace: ns,
      body: {
        metadata: { name: 'custom.1' },
        involvedObject: { kind: 'ConfigMap', namespace: ns, name: 'item-1', apiVersion: 'v1' },
        reason: 'Tested', message: 'conformance', type: 'Normal', source: { component: 'cellport-conformance' },
        firstTimestamp: new Date(), lastTimestamp: new Date(), count: 1,
      },
    });
    const evs = await c.core.listNamespacedEvent({ namespace: ns, fieldSelector: 'involvedObject.name=item-1,reason=Tested' });
    expect(evs.items.map(e => e.metadata?.name)).toEqual(['custom.1']);
  });
});

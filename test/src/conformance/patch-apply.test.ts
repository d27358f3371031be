import * as k8s from '@kubernetes/client-node';
import { Cluster, connect, deployment, expectStatus, patchAs, raw } from './harness';

jest.setTimeout(120_000);

let c: Cluster;
let ns: string;

beforeAll(async () => {
  c = await connect();
  ns = await c.namespace();
});
afterAll(() => c?.close());

const containerEnv = (d: k8s.V1Deployment, container = 'web') =>
  d.spec!.template.spec!.containers.find(x => x.name === container)!.env ?? [];

describe('patch', () => {
  it('applies JSON merge patches (null deletes)', async () => {
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'merge', labels: { a: '1', b: '2' } }, data: { x: '1' } } });
    const cm = await c.core.patchNamespacedConfigMap({ namespace: ns, name: 'merge', body: { metadata: { labels: { a: null, c: '3' } }, data: { y: '2' } } }, patchAs(k8s.PatchStrategy.MergePatch));
    expect(cm.metadata?.labels).toEqual({ b: '2', c: '3' });
    expect(cm.data).toEqual({ x: '1', y: '2' });
  });

  it('applies JSON patches and answers 422 when a test op fails', async () => {
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'jsonpatch' }, data: { x: '1' } } });
    const cm = await c.core.patchNamespacedConfigMap({ namespace: ns, name: 'jsonpatch', body: [
      { op: 'test', path: '/data/x', value: '1' },
      { op: 'replace', path: '/data/x', value: '2' },
      { op: 'add', path: '/data/z', value: '3' },
    ] }, patchAs(k8s.PatchStrategy.JsonPatch));
    expect(cm.data).toEqual({ x: '2', z: '3' });
    await expectStatus(c.core.patchNamespacedConfigMap({ namespace: ns, name: 'jsonpatch', body: [{ op: 'test', path: '/data/x', value: 'nope' }] }, patchAs(k8s.PatchStrategy.JsonPatch)), 422);
  });

  it('merges containers and env by name with strategic merge patch', async () => {
    const body = deployment('smp', 0, { container: { env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] } });
    body.spec!.template.spec!.containers.push({ name: 'sidecar', image: 'registry.k8s.io/pause:3.9' });
    await c.apps.createNamespacedDeployment({ namespace: ns, body });
    const patched = await c.apps.patchNamespacedDeployment({
      namespace: ns,
      name: 'smp',
      body: { spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }] }] } } } },
    }, patchAs(k8s.PatchStrategy.StrategicMergePatch));
    const containers = patched.spec!.template.spec!.containers;
    expect(containers.map(x => x.name)).toEqual(['web', 'sidecar']);
    expect(containers[0].image).toBe(body.spec!.template.spec!.containers[0].image);
    expect(containerEnv(patched)).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: 'two' }, { name: 'C', value: '3' }]);
    const deleted = await c.apps.patchNamespacedDeployment({
      namespace: ns,
      name: 'smp',
      body: { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }, { name: 'web', env: [{ name: 'A', $patch: 'delete' }] }] } } } },
    }, patchAs(k8s.PatchStrategy.StrategicMergePatch));
    expect(deleted.spec!.template.spec!.containers.map(x => x.name)).toEqual(['web']);
    expect(containerEnv(deleted).map(e => e.name)).toEqual(['B', 'C']);
  });

  it('answers 404 when patching a missing object', async () => {
    const status = await expectStatus(c.core.patchNamespacedConfigMap({ namespace: ns, name: 'missing', body: { data: { a: 'b' } } }, patchAs(k8s.PatchStrategy.MergePatch)), 404);
    expect(status.reason).toBe('NotFound');
  });
});

describe('server-side apply', () => {
  const applied = (replicas: number, env: k8s.V1EnvVar[]) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'ssa', namespace: ns, labels: { app: 'ssa' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'ssa' } },
      template: { metadata: { labels: { app: 'ssa' } }, spec: { containers: [{ name: 'web', image: 'registry.k8s.io/pause:3.9', env }] } },
    },
  });

  it('creates with apply, records managedFields per field manager', async () => {
    const d = await c.apps.patchNamespacedDeployment({ namespace: ns, name: 'ssa', body: applied(0, [{ name: 'A', value: '1' }]), fieldManager: 'cellport' }, patchAs(k8s.PatchStrategy.ServerSideApply));
    expect(d.metadata?.uid).toBeTruthy();
    const entry = d.metadata?.managedFields?.find(m => m.manager === 'cellport');
    expect(entry).toMatchObject({ operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' });
    expect((entry?.fieldsV1 as any)['f:spec']['f:replicas']).toEqual({});
    expect((entry?.fieldsV1 as any)['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"web"}']).toBeTruthy();
  });

  it('reports conflicts with another manager and takes ownership with force', async () => {
    await c.apps.patchNamespacedDeployment({ namespace: ns, name: 'ssa', body: { spec: { replicas: 0, paused: true } }, fieldManager: 'someone-else' }, patchAs(k8s.PatchStrategy.MergePatch));
    await c.apps.patchNamespacedDeployment({ namespace: ns, name: 'ssa', body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ssa' }, spec: { paused: true } }, fieldManager: 'someone-else-apply' }, patchAs(k8s.PatchStrategy.ServerSideApply));
    const status = await expectStatus(c.apps.patchNamespacedDeployment({
      namespace: ns, name: 'ssa', fieldManager: 'cellport',
      body: { ...applied(0, [{ name: 'A', value: '1' }]), spec: { ...applied(0, [{ name: 'A', value: '1' }]).spec, paused: false } },
    }, patchAs(k8s.PatchStrategy.ServerSideApply)), 409);
    // An Update manager is named with its apiVersion, an Apply manager without; grouped per manager.
    expect(status).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Conflict', code: 409 });
    expect(status.message).toBe('Apply failed with 2 conflicts: conflicts with "someone-else" using apps/v1:\n- .spec.paused\nconflicts with "someone-else-apply":\n- .spec.paused');
    expect(status.details.causes).toEqual(expect.arrayContaining([
      { reason: 'FieldManagerConflict', message: 'conflict with "someone-else" using apps/v1', field: '.spec.paused' },
      { reason: 'FieldManagerConflict', message: 'conflict with "someone-else-apply"', field: '.spec.paused' },
    ]));
    const forced = await c.apps.patchNamespacedDeployment({
      namespace: ns, name: 'ssa', fieldManager: 'cellport', force: true,
      body: { ...applied(0, [{ name: 'A', value: '1' }]), spec: { ...applied(0, [{ name: 'A', value: '1' }]).spec, paused: false } },
    }, patchAs(k8s.PatchStrategy.ServerSideApply));
    expect(forced.spec?.paused).toBe(false);
  });

  it('words a single conflict on one line', async () => {
    await c.apps.patchNamespacedDeployment({ namespace: ns, name: 'ssa', body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ssa' }, spec: { minReadySeconds: 3 } }, fieldManager: 'x-apply' }, patchAs(k8s.PatchStrategy.ServerSideApply));
    const status = await expectStatus(c.apps.patchNamespacedDeployment({
      namespace: ns, name: 'ssa', fieldManager: 'y-apply',
      body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ssa' }, spec: { minReadySeconds: 5 } },
    }, patchAs(k8s.PatchStrategy.ServerSideApply)), 409);
    expect(status.message).toBe('Apply failed with 1 conflict: conflict with "x-apply": .spec.minReadySeconds');
    expect(status.details.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "x-apply"', field: '.spec.minReadySeconds' }]);
  });

  it('removes fields the manager stops applying, keeps list items keyed by name', async () => {
    const d = await c.apps.patchNamespacedDeployment({ namespace: ns, name: 'ssa', body: applied(0, [{ name: 'B', value: '2' }]), fieldManager: 'cellport', force: true }, patchAs(k8s.PatchStrategy.ServerSideApply));
    expect(containerEnv(d)).toEqual([{ name: 'B', value: '2' }]);
  });

  it('requires a fieldManager for apply', async () => {
    const status = await expectStatus(c.apps.patchNamespacedDeployment({ namespace: ns, name: 'ssa', body: applied(0, []) }, patchAs(k8s.PatchStrategy.ServerSideApply)), 422);
    expect(status).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Invalid', code: 422,
      message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      details: { group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }] },
    });
  });
});

describe('status and scale subresources', () => {
  it('ignores status on the main resource and spec on /status', async () => {
    await c.apps.createNamespacedDeployment({ namespace: ns, body: deployment('sub', 0) });
    const d = await c.apps.patchNamespacedDeployment({ namespace: ns, name: 'sub', body: { status: { replicas: 42 } } }, patchAs(k8s.PatchStrategy.MergePatch));
    expect(d.status?.replicas ?? 0).not.toBe(42);
    const s = await c.apps.patchNamespacedDeploymentStatus({ namespace: ns, name: 'sub', body: { spec: { replicas: 7 } } }, patchAs(k8s.PatchStrategy.MergePatch));
    expect(s.spec?.replicas).toBe(0);
  });

  it('reads and writes the scale subresource', async () => {
    const scale = await c.apps.readNamespacedDeploymentScale({ namespace: ns, name: 'sub' });
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1' });
    // ScaleSpec.replicas is omitempty: zero replicas is an empty spec on the wire.
    const wire = JSON.parse((await raw(c.kc, 'GET', `/apis/apps/v1/namespaces/${ns}/deployments/sub/scale`)).body);
    expect(wire.spec).toEqual({});
    expect(wire.status).toMatchObject({ replicas: 0, selector: 'app=sub' });
    expect(scale.status?.selector).toBe('app=sub');
    await c.apps.patchNamespacedDeploymentScale({ namespace: ns, name: 'sub', body: { spec: { replicas: 0 } } }, patchAs(k8s.PatchStrategy.MergePatch));
    const replaced = await c.apps.replaceNamespacedDeploymentScale({ namespace: ns, name: 'sub', body: { metadata: { name: 'sub', namespace: ns }, spec: { replicas: 0 } } });
    expect(replaced.spec?.replicas ?? 0).toBe(0);
  });
});

import * as k8s from '@kubernetes/client-node';
import { Cluster, connect, deployment, expectStatus, isSimulator, patchAs, raw, waitFor, waitForRollout } from './harness';

jest.setTimeout(240_000);

let c: Cluster;
let ns: string;

beforeAll(async () => {
  c = await connect();
  ns = await c.namespace();
});
afterAll(() => c?.close());

const podsOf = async (app: string) =>
  (await c.core.listNamespacedPod({ namespace: ns, labelSelector: `app=${app}` })).items;

describe('Deployment controller', () => {
  it('rolls out: ReplicaSet, ready pods, status and conditions', async () => {
    await c.apps.createNamespacedDeployment({ namespace: ns, body: deployment('web', 3) });
    const d = await waitForRollout(c.apps, ns, 'web');
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    expect(d.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    const available = d.status?.conditions?.find(x => x.type === 'Available');
    const progressing = d.status?.conditions?.find(x => x.type === 'Progressing');
    expect(available).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(progressing).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    const rs = (await c.apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=web' })).items;
    expect(rs).toHaveLength(1);
    const hash = rs[0].metadata?.labels?.['pod-template-hash'];
    expect(hash).toBeTruthy();
    expect(rs[0].metadata?.name).toBe(`web-${hash}`);
    expect(rs[0].metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true, blockOwnerDeletion: true });
    const pods = await podsOf('web');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata?.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
      expect(p.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: `web-${hash}` });
      expect(p.status?.phase).toBe('Running');
      expect(p.status?.podIP).toBeTruthy();
      expect(p.spec?.nodeName).toBeTruthy();
      expect(p.status?.conditions?.find(x => x.type === 'Ready')?.status).toBe('True');
      expect(p.status?.containerStatuses?.[0]).toMatchObject({ name: 'web', ready: true, restartCount: 0, started: true });
      expect(p.status?.containerStatuses?.[0].state?.running?.startedAt).toBeTruthy();
    }
  });

  it('performs a RollingUpdate to a new revision within maxSurge/maxUnavailable', async () => {
    await c.apps.patchNamespacedDeployment({
      namespace: ns, name: 'web',
      body: { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } } },
    }, patchAs(k8s.PatchStrategy.StrategicMergePatch));
    await waitForRollout(c.apps, ns, 'web');
    let maxPods = 0;
    let minReady = Infinity;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const pods = (await podsOf('web')).filter(p => !p.metadata?.deletionTimestamp);
        maxPods = Math.max(maxPods, pods.length);
        minReady = Math.min(minReady, pods.filter(p => p.status?.conditions?.some(x => x.type === 'Ready' && x.status === 'True')).length);
        await new Promise(r => setTimeout(r, 50));
      }
    })();
    await c.apps.patchNamespacedDeployment({
      namespace: ns, name: 'web',
      body: { spec: { template: { metadata: { labels: { app: 'web', version: 'v2' } } } } },
    }, patchAs(k8s.PatchStrategy.StrategicMergePatch));
    const d = await waitForRollout(c.apps, ns, 'web');
    sampling = false;
    await sampler;
    expect(d.metadata?.generation).toBe(3);
    expect(d.status?.observedGeneration).toBe(3);
    expect(d.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(maxPods).toBeLessThanOrEqual(4);
    expect(minReady).toBeGreaterThanOrEqual(3);
    const rs = (await c.apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=web' })).items;
    expect(rs).toHaveLength(2);
    const byRevision = Object.fromEntries(rs.map(r => [r.metadata?.annotations?.['deployment.kubernetes.io/revision'], r]));
    expect(byRevision['1'].spec?.replicas).toBe(0);
    expect(byRevision['2'].spec?.replicas).toBe(3);
    await waitFor('old pods to be gone', async () => (await podsOf('web')).every(p => p.metadata?.labels?.version === 'v2'));
    const events = (await c.core.listNamespacedEvent({ namespace: ns, fieldSelector: 'involvedObject.kind=Deployment,involvedObject.name=web' })).items;
    expect(events.map(e => e.reason)).toContain('ScalingReplicaSet');
  });

  it('scales through the scale subresource', async () => {
    await c.apps.replaceNamespacedDeploymentScale({ namespace: ns, name: 'web', body: { metadata: { name: 'web', namespace: ns }, spec: { replicas: 1 } } });
    await waitFor('scale down to 1', async () => {
      const d = await c.apps.readNamespacedDeployment({ namespace: ns, name: 'web' });
      const pods = (await podsOf('web')).filter(p => !p.metadata?.deletionTimestamp);
      return d.status?.replicas === 1 && d.status?.availableReplicas === 1 && pods.length === 1;
    });
  });

  it('Recreate removes old pods before creating new ones', async () => {
    await c.apps.createNamespacedDeployment({ namespace: ns, body: deployment('recreate', 2, { spec: { strategy: { type: 'Recreate' } } }) });
    await waitForRollout(c.apps, ns, 'recreate');
    await c.apps.patchNamespacedDeployment({ namespace: ns, name: 'recreate', body: { spec: { template: { metadata: { labels: { app: 'recreate', version: 'b' } } } } } }, patchAs(k8s.PatchStrategy.StrategicMergePatch));
    let mixed = false;
    await waitFor('recreate rollout', async () => {
      const pods = await podsOf('recreate');
      const versions = new Set(pods.map(p => p.metadata?.labels?.version ?? 'a'));
      if (versions.size > 1) mixed = true;
      const d = await c.apps.readNamespacedDeployment({ namespace: ns, name: 'recreate' });
      return pods.length === 2 && versions.has('b') && versions.size === 1 && d.status?.availableReplicas === 2 && (d.status?.observedGeneration ?? 0) >= 2;
    }, 120_000, 50);
    expect(mixed).toBe(false);
  });

  it('keeps at most revisionHistoryLimit old ReplicaSets', async () => {
    await c.apps.createNamespacedDeployment({ namespace: ns, body: deployment('history', 0, { spec: { revisionHistoryLimit: 1 } }) });
    for (const v of ['b', 'c', 'd']) {
      await c.apps.patchNamespacedDeployment({ namespace: ns, name: 'history', body: { spec: { template: { metadata: { labels: { app: 'history', v } } } } } }, patchAs(k8s.PatchStrategy.StrategicMergePatch));
      await waitForRollout(c.apps, ns, 'history');
    }
    await waitFor('history cleanup', async () => (await c.apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=history' })).items.length === 2);
  });
});

describe('Services, Endpoints and EndpointSlices', () => {
  it('assigns a ClusterIP and publishes ready pod addresses', async () => {
    await c.apps.createNamespacedDeployment({ namespace: ns, body: deployment('api', 2) });
    const svc = await c.core.createNamespacedService({ namespace: ns, body: { metadata: { name: 'api' }, spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80, targetPort: 'http' as any }] } } });
    expect(svc.spec?.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(svc.spec?.type).toBe('ClusterIP');
    await waitForRollout(c.apps, ns, 'api');
    const pods = await podsOf('api');
    const ips = pods.map(p => p.status!.podIP!).sort();
    const ep = await waitFor('endpoints with 2 ready addresses', async () => {
      const e = await c.core.readNamespacedEndpoints({ namespace: ns, name: 'api' });
      return (e.subsets?.[0]?.addresses?.length ?? 0) === 2 ? e : undefined;
    });
    expect(ep.subsets![0].addresses!.map(a => a.ip).sort()).toEqual(ips);
    expect(ep.subsets![0].ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(ep.subsets![0].addresses![0].targetRef).toMatchObject({ kind: 'Pod', namespace: ns });
    const slices = await waitFor('endpointslice', async () => {
      const l = await c.discovery.listNamespacedEndpointSlice({ namespace: ns, labelSelector: 'kubernetes.io/service-name=api' });
      const eps = l.items.flatMap(s => s.endpoints ?? []);
      return eps.length === 2 && eps.every(e => e.conditions?.ready) ? l.items : undefined;
    });
    expect(slices[0].addressType).toBe('IPv4');
    expect(slices[0].ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(slices.flatMap(s => s.endpoints.map(e => e.addresses[0])).sort()).toEqual(ips);
    expect(slices[0].metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Service', name: 'api' });
  });

  it('moves pods that are not ready to notReadyAddresses', async () => {
    // A readiness probe on a port nothing listens on never succeeds.
    await c.apps.createNamespacedDeployment({
      namespace: ns,
      body: deployment('unready', 1, { container: { readinessProbe: { tcpSocket: { port: 9 as any }, periodSeconds: 1 } } }),
    });
    await c.core.createNamespacedService({ namespace: ns, body: { metadata: { name: 'unready' }, spec: { selector: { app: 'unready' }, ports: [{ port: 80, targetPort: 8080 as any }] } } });
    const ep = await waitFor('not ready address', async () => {
      const e = await c.core.readNamespacedEndpoints({ namespace: ns, name: 'unready' });
      return e.subsets?.[0]?.notReadyAddresses?.length === 1 ? e : undefined;
    });
    expect(ep.subsets![0].addresses ?? []).toHaveLength(0);
    const slice = (await c.discovery.listNamespacedEndpointSlice({ namespace: ns, labelSelector: 'kubernetes.io/service-name=unready' })).items[0];
    expect(slice.endpoints[0].conditions).toMatchObject({ ready: false, serving: false, terminating: false });
    const pod = (await podsOf('unready'))[0];
    expect(pod.status?.conditions?.find(x => x.type === 'Ready')?.status).toBe('False');
    await waitFor('Unhealthy event', async () => {
      const evs = await c.core.listNamespacedEvent({ namespace: ns, fieldSelector: `involvedObject.name=${pod.metadata!.name},reason=Unhealthy` });
      return evs.items.length > 0 && evs.items[0].message?.startsWith('Readiness probe failed');
    });
  });
});

describe('pods: scheduling, events, logs', () => {
  it('records Scheduled, Pulled, Created and Started events', async () => {
    const pod = (await podsOf('api'))[0];
    const reasons = (await c.core.listNamespacedEvent({ namespace: ns, fieldSelector: `involvedObject.name=${pod.metadata!.name}` })).items.map(e => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['Scheduled', 'Started']));
    const rsEvents = (await c.core.listNamespacedEvent({ namespace: ns, fieldSelector: 'reason=SuccessfulCreate' })).items;
    expect(rsEvents.length).toBeGreaterThan(0);
  });

  it('reports unschedulable pods with PodScheduled=False and a FailedScheduling event', async () => {
    await c.core.createNamespacedPod({
      namespace: ns,
      body: { metadata: { name: 'huge' }, spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.9', resources: { requests: { cpu: '100000' } } }] } },
    });
    const pod = await waitFor('unschedulable condition', async () => {
      const p = await c.core.readNamespacedPod({ namespace: ns, name: 'huge' });
      return p.status?.conditions?.find(x => x.type === 'PodScheduled' && x.status === 'False') ? p : undefined;
    });
    expect(pod.status?.phase).toBe('Pending');
    expect(pod.status?.conditions?.find(x => x.type === 'PodScheduled')?.reason).toBe('Unschedulable');
    await waitFor('FailedScheduling event', async () =>
      (await c.core.listNamespacedEvent({ namespace: ns, fieldSelector: 'involvedObject.name=huge,reason=FailedScheduling' })).items.length > 0);
    await c.core.deleteNamespacedPod({ namespace: ns, name: 'huge' });
  });

  it('serves container logs', async () => {
    const pod = (await podsOf('api'))[0];
    const log = await waitFor('some log output', async () => {
      const text = await c.core.readNamespacedPodLog({ namespace: ns, name: pod.metadata!.name!, container: 'web' });
      return text.length > 0 ? text : undefined;
    });
    expect(typeof log).toBe('string');
    const tail = await c.core.readNamespacedPodLog({ namespace: ns, name: pod.metadata!.name!, tailLines: 1, timestamps: true });
    expect(tail.trim().split('\n')).toHaveLength(1);
    expect(tail).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe('deletion and garbage collection', () => {
  it('deletes pods gracefully: deletionTimestamp first, gone after the containers stop', async () => {
    await c.apps.createNamespacedDeployment({ namespace: ns, body: deployment('graceful', 1) });
    await waitForRollout(c.apps, ns, 'graceful');
    const pod = (await podsOf('graceful'))[0];
    const deleted = await c.core.deleteNamespacedPod({ namespace: ns, name: pod.metadata!.name! });
    expect(deleted.metadata?.deletionTimestamp).toBeTruthy();
    expect(deleted.metadata?.deletionGracePeriodSeconds).toBe(5);
    await waitFor('pod removed', async () => {
      try {
        await c.core.readNamespacedPod({ namespace: ns, name: pod.metadata!.name! });
        return false;
      } catch (e: any) {
        return e.code === 404;
      }
    });
    await waitForRollout(c.apps, ns, 'graceful');
  });

  it('cascades Background deletion from Deployment to ReplicaSets and pods', async () => {
    await c.apps.deleteNamespacedDeployment({ namespace: ns, name: 'graceful' });
    await waitFor('replicasets and pods gone', async () =>
      (await c.apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=graceful' })).items.length === 0 &&
      (await podsOf('graceful')).length === 0);
  });

  it('keeps the owner until dependents are gone with Foreground deletion', async () => {
    await c.apps.createNamespacedDeployment({ namespace: ns, body: deployment('fg', 1) });
    await waitForRollout(c.apps, ns, 'fg');
    // The DELETE answers with the object still present (a later read may already miss it: its
    // dependents can be gone within milliseconds).
    const res = await raw(c.kc, 'DELETE', `/apis/apps/v1/namespaces/${ns}/deployments/fg`, {
      body: JSON.stringify({ propagationPolicy: 'Foreground' }), headers: { 'Content-Type': 'application/json' },
    });
    expect(`${res.status} ${res.body.slice(0, 300)}`).toMatch(/^200 /);
    const d = JSON.parse(res.body);
    expect(d.kind).toBe('Deployment');
    expect(d.metadata?.deletionTimestamp).toBeTruthy();
    expect(d.metadata?.finalizers).toContain('foregroundDeletion');
    await waitFor('deployment gone after its dependents', async () => {
      try {
        await c.apps.readNamespacedDeployment({ namespace: ns, name: 'fg' });
        return false;
      } catch (e: any) {
        return e.code === 404 && (await c.apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=fg' })).items.length === 0;
      }
    });
  });

  it('orphans dependents with Orphan propagation', async () => {
    await c.apps.createNamespacedDeployment({ namespace: ns, body: deployment('orphan', 1) });
    await waitForRollout(c.apps, ns, 'orphan');
    await c.apps.deleteNamespacedDeployment({ namespace: ns, name: 'orphan', propagationPolicy: 'Orphan' });
    const rs = await waitFor('orphaned replicaset', async () => {
      const items = (await c.apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=orphan' })).items;
      let gone = false;
      try {
        await c.apps.readNamespacedDeployment({ namespace: ns, name: 'orphan' });
      } catch (e: any) {
        gone = e.code === 404;
      }
      return gone && items.length === 1 && !items[0].metadata?.ownerReferences?.length ? items[0] : undefined;
    });
    expect(rs.spec?.replicas).toBe(1);
    expect((await podsOf('orphan')).length).toBe(1);
  });

  it('removes the contents of a deleted namespace, then the namespace', async () => {
    const other = await c.namespace('cp-conf-del');
    // A finalizer keeps the namespace Terminating until the test releases it.
    await c.core.createNamespacedConfigMap({ namespace: other, body: { metadata: { name: 'x', finalizers: ['cellport.io/conformance'] } } });
    await c.apps.createNamespacedDeployment({ namespace: other, body: deployment('doomed', 1) });
    await waitForRollout(c.apps, other, 'doomed');
    const ns1 = await c.core.deleteNamespace({ name: other });
    expect(ns1).toBeTruthy();
    const terminating = await c.core.readNamespace({ name: other });
    expect(terminating.status?.phase).toBe('Terminating');
    const forbidden = await expectStatus(c.core.createNamespacedConfigMap({ namespace: other, body: { metadata: { name: 'late' } } }), 403);
    expect(forbidden.message).toContain('because it is being terminated');
    await waitFor('namespace contents deleted', async () => {
      const pods = await c.core.listNamespacedPod({ namespace: other });
      const cm = await c.core.readNamespacedConfigMap({ namespace: other, name: 'x' });
      return pods.items.length === 0 && !!cm.metadata?.deletionTimestamp;
    });
    await c.core.patchNamespacedConfigMap({ namespace: other, name: 'x', body: { metadata: { finalizers: null } } }, patchAs(k8s.PatchStrategy.MergePatch));
    await waitFor('namespace gone', async () => {
      try {
        await c.core.readNamespace({ name: other });
        return false;
      } catch (e: any) {
        return e.code === 404;
      }
    }, isSimulator ? 60_000 : 180_000);
  });
});

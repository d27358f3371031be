import { ClusterApi } from '../api/ClusterApi';
import { resourceForKind } from '../api/resources';
import { ObjectStore } from '../store/ObjectStore';
import { DeploymentController } from './DeploymentController';
import { EventRecorder } from './EventRecorder';
import { ReplicaSetController, rankPodsForDeletion } from './ReplicaSetController';
import { surgeAndUnavailable } from './deploymentUtil';

const tick = () => new Promise(r => setImmediate(r));

describe('deployment maths', () => {
  it('resolves maxSurge up and maxUnavailable down', () => {
    expect(surgeAndUnavailable({ metadata: {}, spec: { replicas: 10, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } } })).toEqual({ maxSurge: 3, maxUnavailable: 2 });
    expect(surgeAndUnavailable({ metadata: {}, spec: { replicas: 1, strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } } })).toEqual({ maxSurge: 0, maxUnavailable: 1 });
  });

  it('deletes unscheduled and not-ready pods first', () => {
    const pod = (name: string, node?: string, ready = false) => ({
      metadata: { name, creationTimestamp: '2024-01-01T00:00:00Z' },
      spec: { nodeName: node },
      status: { phase: node ? 'Running' : 'Pending', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    });
    expect(rankPodsForDeletion([pod('ready', 'n', true), pod('unready', 'n'), pod('pending')]).map(p => p.metadata.name)).toEqual(['pending', 'unready', 'ready']);
  });
});

describe('Deployment and ReplicaSet controllers', () => {
  it('creates a ReplicaSet and pods, and a new revision on template change', async () => {
    const store = new ObjectStore();
    const api = new ClusterApi(store);
    const ctx = { api, store, events: new EventRecorder(api), onError: (_c: string, _k: string, e: unknown) => { throw e; } };
    const controllers = [new DeploymentController(ctx), new ReplicaSetController(ctx)];
    api.create(resourceForKind('Namespace'), undefined, { metadata: { name: 'ns' } }, { manager: 't' });
    const tpl = (v: string) => ({ metadata: { labels: { app: 'a', v } }, spec: { containers: [{ name: 'c', image: 'i' }] } });
    api.create(resourceForKind('Deployment'), 'ns', { metadata: { name: 'a' }, spec: { replicas: 2, selector: { matchLabels: { app: 'a' } }, template: tpl('1') } }, { manager: 't' });
    for (let i = 0; i < 5; i++) await tick();
    const rs = store.list(resourceForKind('ReplicaSet'), 'ns');
    expect(rs).toHaveLength(1);
    expect(rs[0].metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(store.list(resourceForKind('Pod'), 'ns')).toHaveLength(2);
    api.mutate(resourceForKind('Deployment'), 'ns', 'a', 't', d => {
      d.spec.template = tpl('2');
    });
    for (let i = 0; i < 5; i++) await tick();
    const revisions = store.list(resourceForKind('ReplicaSet'), 'ns').map(r => r.metadata.annotations?.['deployment.kubernetes.io/revision']).sort();
    expect(revisions).toEqual(['1', '2']);
    controllers.forEach(c => c.stop());
  });
});

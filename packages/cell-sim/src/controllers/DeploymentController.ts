import { matchesLabelSelector } from '../api/selectors';
import { StoreEvent } from '../store/ObjectStore';
import { clone, deepEqual, KubeObject } from '../util/objects';
import { nowRfc3339 } from '../util/time';
import { WorkQueue } from '../util/WorkQueue';
import { Controller, ControllerContext, controllerRef, KCM, keyOf, RT, splitKey } from './context';
import {
  ANN, Condition, revisionOf, setCondition, surgeAndUnavailable, templateHash, templateMatches,
} from './deploymentUtil';
import { ownerRef } from './ReplicaSetController';

const SOURCE = { component: 'deployment-controller' };

/**
 * The Deployment controller: RollingUpdate (maxSurge/maxUnavailable) and Recreate rollouts,
 * revision history, status with Available/Progressing conditions and observedGeneration.
 */
export class DeploymentController implements Controller {
  private readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(key => this.sync(key), (key, e) => ctx.onError('deployment', key, e));
    this.unsubscribe = ctx.store.subscribe(ev => this.onEvent(ev));
  }

  stop() {
    this.unsubscribe();
    this.queue.stop();
  }

  private onEvent(ev: StoreEvent) {
    if (ev.rt.kind === 'Deployment') this.queue.add(keyOf(ev.object));
    else if (ev.rt.kind === 'ReplicaSet') {
      const ref = controllerRef(ev.object);
      if (ref?.kind === 'Deployment') this.queue.add(`${ev.object.metadata.namespace}/${ref.name}`);
      else if (!ref) {
        for (const d of this.ctx.store.list(RT.deploy, ev.object.metadata.namespace)) {
          if (matchesLabelSelector(d.spec?.selector, ev.object.metadata.labels)) this.queue.add(keyOf(d));
        }
      }
    } else if (ev.rt.kind === 'Pod' && ev.type === 'DELETED') {
      // Recreate waits for old pods to be gone.
      const ref = controllerRef(ev.object);
      if (ref?.kind === 'ReplicaSet') {
        const rs = this.ctx.store.get(RT.rs, ev.object.metadata.namespace, ref.name);
        const dref = rs && controllerRef(rs);
        if (dref?.kind === 'Deployment') this.queue.add(`${ev.object.metadata.namespace}/${dref.name}`);
      }
    }
  }

  private scaleRs(d: KubeObject, rs: KubeObject, replicas: number, maxSurge: number): KubeObject {
    const old = rs.spec.replicas ?? 0;
    const desired = String(d.spec.replicas ?? 1);
    const max = String((d.spec.replicas ?? 1) + maxSurge);
    if (old === replicas && rs.metadata.annotations?.[ANN.desired] === desired && rs.metadata.annotations?.[ANN.max] === max) {
      return rs;
    }
    const updated = this.ctx.api.mutate(RT.rs, rs.metadata.namespace, rs.metadata.name!, KCM, o => {
      o.spec.replicas = replicas;
      o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [ANN.desired]: desired, [ANN.max]: max };
    })!;
    if (old !== replicas) {
      const verb = replicas > old ? 'up' : 'down';
      this.ctx.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${verb} replica set ${rs.metadata.name} from ${old} to ${replicas}`, SOURCE);
    }
    return updated;
  }

  private sync(key: string) {
    const [ns, name] = splitKey(key);
    const { api, store } = this.ctx;
    const d = store.get(RT.deploy, ns, name);
    if (!d || d.metadata.deletionTimestamp) return;
    const replicas = d.spec.replicas ?? 1;
    // Owned ReplicaSets (adopting orphans that match the selector).
    let rsList: KubeObject[] = [];
    for (const rs of store.list(RT.rs, ns)) {
      const ref = controllerRef(rs);
      if (ref) {
        if (ref.uid === d.metadata.uid) rsList.push(rs);
      } else if (!rs.metadata.deletionTimestamp && matchesLabelSelector(d.spec.selector, rs.metadata.labels)) {
        const adopted = api.mutate(RT.rs, ns, rs.metadata.name!, KCM, o => {
          o.metadata.ownerReferences = [...(o.metadata.ownerReferences ?? []), ownerRef(RT.deploy, d)];
        });
        if (adopted) rsList.push(adopted);
      }
    }
    rsList = rsList.filter(rs => !rs.metadata.deletionTimestamp);
    const { maxSurge, maxUnavailable } =
      d.spec.strategy?.type === 'Recreate' ? { maxSurge: 0, maxUnavailable: replicas } : surgeAndUnavailable(d);
    let newRs = rsList.find(rs => templateMatches(rs, d.spec.template));
    let olds = rsList.filter(rs => rs !== newRs);
    const maxOldRevision = Math.max(0, ...olds.map(revisionOf));
    let createdNew = false;
    const paused = !!d.spec.paused;

    if (!paused) {
      if (!newRs) {
        newRs = this.createNewRs(d, olds, maxOldRevision + 1, maxSurge);
        if (newRs) {
          createdNew = true;
          rsList.push(newRs);
        }
      } else if (revisionOf(newRs) <= maxOldRevision) {
        // Rolling back to an older template: it becomes the newest revision.
        newRs = api.mutate(RT.rs, ns, newRs.metadata.name!, KCM, o => {
          o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [ANN.revision]: String(maxOldRevision + 1) };
        })!;
      }
      if (newRs) {
        if (d.spec.strategy?.type === 'Recreate') this.recreate(d, newRs, olds);
        else this.rollingUpdate(d, newRs, olds, maxSurge, maxUnavailable);
      }
    } else if (newRs) {
      // Paused: only proportional scaling of the current RS.
      const total = rsList.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
      if (olds.every(o => (o.spec.replicas ?? 0) === 0) && total !== replicas) this.scaleRs(d, newRs, replicas, maxSurge);
    }
    // Re-read after scaling.
    newRs = newRs ? store.get(RT.rs, ns, newRs.metadata.name!) : undefined;
    olds = olds.map(o => store.get(RT.rs, ns, o.metadata.name!)).filter((o): o is KubeObject => !!o);
    this.cleanupHistory(d, olds);
    this.updateStatus(d, newRs, olds, createdNew, maxUnavailable);
  }

  private createNewRs(d: KubeObject, olds: KubeObject[], revision: number, maxSurge: number): KubeObject | undefined {
    const ns = d.metadata.namespace!;
    const replicas = d.spec.replicas ?? 1;
    let collision = d.status?.collisionCount ?? 0;
    for (let attempt = 0; attempt < 5; attempt++) {
      const hash = templateHash(d.spec.template, collision);
      const rsName = `${d.metadata.name}-${hash}`;
      if (this.ctx.store.get(RT.rs, ns, rsName)) {
        collision++;
        continue;
      }
      let initial = 0;
      if (d.spec.strategy?.type !== 'Recreate') {
        const current = olds.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
        initial = Math.max(0, Math.min(replicas, replicas + maxSurge - current));
      } else if (olds.every(o => (o.spec.replicas ?? 0) === 0 && (o.status?.replicas ?? 0) === 0)) {
        initial = replicas;
      }
      const template = clone(d.spec.template);
      template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash } };
      const selector = clone(d.spec.selector);
      selector.matchLabels = { ...(selector.matchLabels ?? {}), 'pod-template-hash': hash };
      const rs = this.ctx.api.create(RT.rs, ns, {
        metadata: {
          name: rsName,
          namespace: ns,
          labels: { ...(d.spec.template?.metadata?.labels ?? {}), 'pod-template-hash': hash },
          annotations: {
            [ANN.revision]: String(revision),
            [ANN.desired]: String(replicas),
            [ANN.max]: String(replicas + maxSurge),
          },
          ownerReferences: [ownerRef(RT.deploy, d)],
        },
        spec: { replicas: initial, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
      }, { manager: KCM });
      if (initial > 0) {
        this.ctx.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${rsName} from 0 to ${initial}`, SOURCE);
      }
      const collisionCount = collision;
      if (collisionCount !== (d.status?.collisionCount ?? 0)) {
        this.ctx.api.mutate(RT.deploy, ns, d.metadata.name!, KCM, o => {
          o.status = { ...(o.status ?? {}), collisionCount };
        }, 'status');
      }
      return rs;
    }
    return undefined;
  }

  private rollingUpdate(d: KubeObject, newRsIn: KubeObject, olds: KubeObject[], maxSurge: number, maxUnavailable: number) {
    let newRs = newRsIn;
    const replicas = d.spec.replicas ?? 1;
    // Scale up the new ReplicaSet within maxSurge.
    let all = [newRs, ...olds];
    const current = all.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
    const newReplicas = newRs.spec.replicas ?? 0;
    if (newReplicas > replicas) {
      newRs = this.scaleRs(d, newRs, replicas, maxSurge);
    } else if (newReplicas < replicas) {
      const maxTotal = replicas + maxSurge;
      if (current < maxTotal) {
        const target = Math.min(newReplicas + (maxTotal - current), replicas);
        newRs = this.scaleRs(d, newRs, target, maxSurge);
      }
    } else {
      newRs = this.scaleRs(d, newRs, replicas, maxSurge);
    }
    // Scale down old ReplicaSets within maxUnavailable.
    const oldPods = olds.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
    if (oldPods === 0) return;
    all = [newRs, ...olds];
    const allPods = all.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
    const minAvailable = replicas - maxUnavailable;
    const newUnavailable = (newRs.spec.replicas ?? 0) - (newRs.status?.availableReplicas ?? 0);
    let maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return;
    const sorted = [...olds].sort((a, b) => Date.parse(a.metadata.creationTimestamp!) - Date.parse(b.metadata.creationTimestamp!));
    const updatedOlds: KubeObject[] = [];
    for (const rs of sorted) {
      const spec = rs.spec.replicas ?? 0;
      const unhealthy = spec - (rs.status?.availableReplicas ?? 0);
      if (maxScaledDown <= 0 || spec === 0 || unhealthy <= 0) {
        updatedOlds.push(rs);
        continue;
      }
      const down = Math.min(maxScaledDown, unhealthy);
      updatedOlds.push(this.scaleRs(d, rs, spec - down, maxSurge));
      maxScaledDown -= down;
    }
    const available = [newRs, ...updatedOlds].reduce((n, rs) => n + Math.min(rs.status?.availableReplicas ?? 0, rs.spec.replicas ?? 0), 0);
    if (available <= minAvailable) return;
    let total = available - minAvailable;
    for (const rs of updatedOlds) {
      if (total <= 0) break;
      const spec = rs.spec.replicas ?? 0;
      if (spec === 0) continue;
      const down = Math.min(spec, total);
      this.scaleRs(d, rs, spec - down, maxSurge);
      total -= down;
    }
  }

  private recreate(d: KubeObject, newRs: KubeObject, olds: KubeObject[]) {
    const replicas = d.spec.replicas ?? 1;
    for (const rs of olds) if ((rs.spec.replicas ?? 0) > 0) this.scaleRs(d, rs, 0, 0);
    const oldPodsRunning = this.ctx.store
      .list(RT.pod, d.metadata.namespace)
      .some(p => olds.some(rs => controllerRef(p)?.uid === rs.metadata.uid));
    if (oldPodsRunning) return;
    this.scaleRs(d, newRs, replicas, 0);
  }

  private cleanupHistory(d: KubeObject, olds: KubeObject[]) {
    const limit = d.spec.revisionHistoryLimit ?? 10;
    const idle = olds
      .filter(rs => (rs.spec.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0)
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    const excess = idle.length - limit;
    for (let i = 0; i < excess; i++) {
      try {
        this.ctx.api.delete(RT.rs, d.metadata.namespace, idle[i].metadata.name!);
      } catch {
        // gone already
      }
    }
  }

  private updateStatus(d: KubeObject, newRs: KubeObject | undefined, olds: KubeObject[], createdNew: boolean, maxUnavailable: number) {
    const replicas = d.spec.replicas ?? 1;
    const all = [...(newRs ? [newRs] : []), ...olds];
    const sum = (f: (rs: KubeObject) => number) => all.reduce((n, rs) => n + f(rs), 0);
    const totalReplicas = sum(rs => rs.status?.replicas ?? 0);
    const updated = newRs?.status?.replicas ?? 0;
    const ready = sum(rs => rs.status?.readyReplicas ?? 0);
    const available = sum(rs => rs.status?.availableReplicas ?? 0);
    const unavailable = Math.max(0, replicas - available);
    const now = nowRfc3339();
    const prev = d.status ?? {};
    let conditions: Condition[] = clone(prev.conditions ?? []);
    conditions = setCondition(conditions, available >= replicas - maxUnavailable
      ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
      : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }, now);
    const rsName = newRs?.metadata.name ?? '';
    const oldRunning = olds.some(rs => (rs.status?.replicas ?? 0) > 0);
    const complete = !!newRs && updated === replicas && available === replicas && totalReplicas === replicas && !oldRunning;
    const counts = { totalReplicas, updated, ready, available };
    const prevCounts = {
      totalReplicas: prev.replicas ?? 0, updated: prev.updatedReplicas ?? 0, ready: prev.readyReplicas ?? 0, available: prev.availableReplicas ?? 0,
    };
    const progressing = conditions.find(c => c.type === 'Progressing');
    const deadline = d.spec.progressDeadlineSeconds ?? 600;
    if (d.spec.paused) {
      conditions = setCondition(conditions, { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' }, now);
    } else if (progressing?.reason === 'DeploymentPaused') {
      conditions = setCondition(conditions, { type: 'Progressing', status: 'Unknown', reason: 'DeploymentResumed', message: 'Deployment is resumed' }, now);
    } else if (complete) {
      conditions = setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` }, now);
    } else if (createdNew) {
      conditions = setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${rsName}"` }, now);
    } else if (!progressing && newRs) {
      conditions = setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'FoundNewReplicaSet', message: `Found new replica set "${rsName}"` }, now);
    } else if (newRs && (!deepEqual(counts, prevCounts) || d.metadata.generation !== prev.observedGeneration)) {
      const next: Condition = { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` };
      const existing = conditions.find(c => c.type === 'Progressing');
      if (existing && existing.reason === next.reason && existing.message === next.message) existing.lastUpdateTime = now;
      else conditions = setCondition(conditions, next, now);
    } else if (progressing && progressing.status === 'True' && progressing.reason !== 'NewReplicaSetAvailable') {
      const last = Date.parse(progressing.lastUpdateTime ?? now);
      if (Date.now() - last > deadline * 1000) {
        conditions = setCondition(conditions, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.` }, now);
        this.ctx.events.record(d, 'Warning', 'ProgressDeadlineExceeded', `Deployment "${d.metadata.name}" exceeded its progress deadline`, SOURCE);
      }
    }
    const cur = conditions.find(c => c.type === 'Progressing');
    if (cur && cur.status === 'True' && cur.reason !== 'NewReplicaSetAvailable') {
      this.queue.addAfter(keyOf(d), deadline * 1000 + 100);
    }
    conditions.sort((a, b) => Number(b.type === 'Available') - Number(a.type === 'Available'));
    const status: Record<string, unknown> = {
      observedGeneration: d.metadata.generation,
      replicas: totalReplicas,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: available,
      unavailableReplicas: unavailable,
      conditions,
      ...(prev.collisionCount ? { collisionCount: prev.collisionCount } : {}),
    };
    for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']) {
      if (!status[k]) delete status[k];
    }
    const revision = newRs?.metadata.annotations?.[ANN.revision];
    const store = this.ctx.store;
    const latest = store.get(RT.deploy, d.metadata.namespace, d.metadata.name!);
    if (!latest) return;
    if (revision && latest.metadata.annotations?.[ANN.revision] !== revision) {
      this.ctx.api.mutate(RT.deploy, d.metadata.namespace, d.metadata.name!, KCM, o => {
        o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [ANN.revision]: revision };
      });
    }
    this.ctx.api.mutate(RT.deploy, d.metadata.namespace, d.metadata.name!, KCM, o => {
      o.status = status;
    }, 'status');
  }
}

import { labelSelectorPredicate, formatLabelSelector } from '../api/selectors';
import { KubeObject } from '../util/objects';
import { cpuMillis, formatMillis, parseQuantity } from '../util/quantity';
import { nowRfc3339 } from '../util/time';
import { Controller, ControllerContext, isPodActive, KCM, RT } from './context';
import { Condition, setCondition } from './deploymentUtil';

/** Where the HPA reads pod resource usage (the simulated metrics API). */
export interface PodMetricsSource {
  /** CPU usage of a pod in millicores, or undefined when unknown. */
  podCpuMillis(pod: KubeObject): number | undefined;
  /** Memory working set of a pod in bytes, or undefined when unknown. */
  podMemoryBytes(pod: KubeObject): number | undefined;
}

const TOLERANCE = 0.1;
const SOURCE = { component: 'horizontal-pod-autoscaler' };

/**
 * HorizontalPodAutoscaler (autoscaling/v2) for Resource metrics (cpu, memory) with
 * averageUtilization or averageValue targets, the default scale-up policies and the
 * scale-down stabilization window.
 */
export class HpaController implements Controller {
  private readonly timer: NodeJS.Timeout;
  private readonly recommendations = new Map<string, { at: number; replicas: number }[]>();

  constructor(private readonly ctx: ControllerContext, private readonly metrics: PodMetricsSource, syncPeriodMs: number) {
    this.timer = setInterval(() => this.syncAll(), syncPeriodMs);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
  }

  /** Runs one reconciliation of every HPA (tests call this to avoid waiting a period). */
  syncAll() {
    for (const hpa of this.ctx.store.list(RT.hpa)) {
      try {
        this.sync(hpa);
      } catch (e) {
        this.ctx.onError('hpa', `${hpa.metadata.namespace}/${hpa.metadata.name}`, e);
      }
    }
  }

  private sync(hpa: KubeObject) {
    const { store, api, events } = this.ctx;
    const ns = hpa.metadata.namespace!;
    const now = nowRfc3339();
    const ref = hpa.spec.scaleTargetRef;
    const targetRt = ({ Deployment: RT.deploy, ReplicaSet: RT.rs } as Record<string, typeof RT.rs | undefined>)[ref.kind];
    const target = targetRt && store.get(targetRt, ns, ref.name);
    let conditions: Condition[] = [...(hpa.status?.conditions ?? [])];
    const writeStatus = (extra: Record<string, unknown>) =>
      api.mutate(RT.hpa, ns, hpa.metadata.name!, KCM, o => {
        o.status = { ...(o.status ?? {}), ...extra, conditions };
      }, 'status');
    if (!target || !targetRt) {
      conditions = setCondition(conditions, { type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message: `the HPA controller was unable to get the target's current scale: ${ref.kind?.toLowerCase()}s "${ref.name}" not found` }, now);
      events.record(hpa, 'Warning', 'FailedGetScale', `${ref.kind?.toLowerCase()}s.apps "${ref.name}" not found`, SOURCE);
      writeStatus({});
      return;
    }
    const current = target.spec.replicas ?? 1;
    const minR = hpa.spec.minReplicas ?? 1;
    const maxR = hpa.spec.maxReplicas;
    const pred = labelSelectorPredicate(formatLabelSelector(target.spec.selector));
    const pods = store.list(RT.pod, ns).filter(p => pred(p) && isPodActive(p) && p.status?.phase === 'Running');
    const metrics: any[] = hpa.spec.metrics ?? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
    let proposal = 0;
    const currentMetrics: any[] = [];
    let metricError: string | undefined;
    let reasonMetric = '';
    for (const m of metrics) {
      if (m.type !== 'Resource' && m.type !== 'ContainerResource') {
        metricError = `the simulated cell supports Resource metrics only (got ${m.type})`;
        continue;
      }
      const res = m.resource ?? m.containerResource;
      const name = res.name;
      let usage = 0;
      let request = 0;
      let counted = 0;
      for (const pod of pods) {
        const u = name === 'cpu' ? this.metrics.podCpuMillis(pod) : this.metrics.podMemoryBytes(pod);
        if (u === undefined) continue;
        usage += u;
        counted++;
        for (const c of pod.spec.containers ?? []) {
          const r = c.resources?.requests?.[name];
          request += name === 'cpu' ? cpuMillis(r ?? 0) : parseQuantity(r ?? 0);
        }
      }
      if (counted === 0) {
        metricError = `unable to get metrics for resource ${name}: no metrics returned from resource metrics API`;
        continue;
      }
      const t = res.target ?? {};
      let ratio: number;
      const avg = usage / counted;
      const avgStr = name === 'cpu' ? formatMillis(avg) : String(Math.round(avg));
      if (t.type === 'Utilization' || t.averageUtilization !== undefined) {
        if (request === 0) {
          metricError = `failed to get ${name} utilization: missing request for ${name} in container(s) of the target pods`;
          continue;
        }
        const util = Math.round((usage / request) * 100);
        ratio = util / (t.averageUtilization ?? 80);
        currentMetrics.push({ type: 'Resource', resource: { name, current: { averageUtilization: util, averageValue: avgStr } } });
        reasonMetric = `${name} resource utilization (percentage of request)`;
      } else {
        const targetValue = name === 'cpu' ? cpuMillis(t.averageValue) : parseQuantity(t.averageValue);
        ratio = avg / Math.max(targetValue, 1e-9);
        currentMetrics.push({ type: 'Resource', resource: { name, current: { averageValue: avgStr } } });
        reasonMetric = `${name} resource`;
      }
      const desired = Math.abs(ratio - 1) <= TOLERANCE ? current : Math.ceil(ratio * counted);
      if (desired > proposal) proposal = desired;
    }
    if (!currentMetrics.length) {
      conditions = setCondition(conditions, { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', message: 'the HPA controller was able to get the target\'s current scale' }, now);
      conditions = setCondition(conditions, { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: `the HPA was unable to compute the replica count: ${metricError ?? 'no metrics'}` }, now);
      events.record(hpa, 'Warning', 'FailedGetResourceMetric', metricError ?? 'no metrics', SOURCE);
      writeStatus({ currentReplicas: current, desiredReplicas: current });
      return;
    }
    // Stabilization: scale-down uses the highest recommendation in the window.
    const key = `${ns}/${hpa.metadata.name}`;
    const windowS = hpa.spec.behavior?.scaleDown?.stabilizationWindowSeconds ?? 300;
    const upWindowS = hpa.spec.behavior?.scaleUp?.stabilizationWindowSeconds ?? 0;
    const history = (this.recommendations.get(key) ?? []).filter(r => r.at > Date.now() - Math.max(windowS, upWindowS) * 1000);
    history.push({ at: Date.now(), replicas: proposal });
    this.recommendations.set(key, history);
    let desired = proposal;
    let stabilized = false;
    if (proposal < current) {
      const maxInWindow = Math.max(...history.filter(r => r.at > Date.now() - windowS * 1000).map(r => r.replicas));
      if (maxInWindow > proposal) {
        desired = Math.min(current, maxInWindow);
        stabilized = desired !== proposal;
      }
    } else if (proposal > current) {
      const upLimit = Math.max(current * 2, current + 4);
      desired = Math.min(proposal, upLimit);
    }
    let limited: Condition = { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
    if (desired > maxR) {
      desired = maxR;
      limited = { type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
    } else if (desired < minR) {
      desired = minR;
      limited = { type: 'ScalingLimited', status: 'True', reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
    }
    conditions = setCondition(conditions, stabilized
      ? { type: 'AbleToScale', status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' }
      : { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' }, now);
    conditions = setCondition(conditions, { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: `the HPA was able to successfully calculate a replica count from ${reasonMetric}` }, now);
    conditions = setCondition(conditions, limited, now);
    let lastScaleTime = hpa.status?.lastScaleTime;
    if (desired !== current) {
      api.mutate(targetRt, ns, ref.name, KCM, o => {
        o.spec.replicas = desired;
      });
      lastScaleTime = now;
      const dir = desired > current ? 'above' : 'below';
      events.record(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reasonMetric} ${dir} target`, SOURCE);
    }
    writeStatus({
      currentReplicas: current,
      desiredReplicas: desired,
      currentMetrics,
      ...(lastScaleTime ? { lastScaleTime } : {}),
      observedGeneration: hpa.metadata.generation,
    });
  }
}

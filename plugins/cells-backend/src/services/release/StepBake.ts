import { GateStatus, MetricGate } from '@cellport/plugin-cells-common';
import { ReleaseRecord, StepRecord } from '../../database/ReleaseRecords';
import {
  CellObservation,
  Failure,
  measureGate,
  observePods,
  restartFailure,
} from './engineSupport';
import { advanceBake, bakeMessage, isBaked } from './bakeClock';
import { analyzeMetricGate } from './metricAnalysis';
import { measurementCount, touchedCells } from './planning';
import { clone, StepPhase } from './StepPhase';

/**
 * A baking step: counts healthy watched time, takes the metric gates' measurements that are due
 * and judges them; completes the step when baked and every gate passed (or it was promoted),
 * fails or pauses it on a failed or inconclusive gate.
 */
export class StepBake extends StepPhase {
  /** Takes the baking step one transition further; true when the release moved. */
  async run(
    r: ReleaseRecord,
    step: StepRecord,
    driverId: string,
  ): Promise<boolean> {
    const touched = touchedCells(step.plan, r.skippedCells);
    const gates = clone(step.gates);
    const readyAt = step.readyAt ?? this.now();
    // Every tick checks the touched cells: the bake counts only watched, healthy time.
    const seen = await observePods(this.workloads, r, step, touched);
    const unread = touched.filter(cell => seen[cell].error);
    const bakeGate = gates.find(g => g.kind === 'bake');
    const clock = advanceBake({
      previous: bakeGate?.bake,
      readyAt,
      now: this.now(),
      problem: bakeProblem(touched, seen, step.targets ?? {}),
      bakeSeconds: step.plan.bakeSeconds,
      step: step.index,
    });
    if (bakeGate && !step.promoted) {
      bakeGate.bake = clock.progress;
      bakeGate.message = bakeMessage(clock.progress, step.plan.bakeSeconds);
    }
    const clockEvents =
      clock.event && bakeGate && !step.promoted ? [clock.event] : [];
    if (unread.length) {
      // the clock stops before the pause: the outage never counts as bake time
      await this.outcomes.writeGates(r, step, driverId, gates, {}, clockEvents);
      await this.outcomes.pauseIfUnreachable(r, step, driverId, unread);
      return false;
    }
    if (step.plan.noRestarts) {
      const restart = restartFailure(touched, seen);
      if (restart) {
        return this.outcomes.failStep(r, step, driverId, restart);
      }
    }
    const metricPlans = new Map(step.plan.metrics.map(m => [m.name, m]));

    if (step.promoted) {
      for (const gate of gates) {
        if (gate.phase !== 'successful' && gate.phase !== 'failed') {
          gate.phase = 'successful';
          gate.message = `${
            gate.message ? `${gate.message}; ` : ''
          }skipped by promote`;
        }
      }
      return this.outcomes.completeStep(r, step, driverId, gates);
    }

    // take the measurements that are due, every gate and cell at once
    const jobs: Array<{ gate: MetricGate; status: GateStatus; cell: string }> =
      [];
    for (const status of gates) {
      const gate = metricPlans.get(status.name);
      if (status.kind !== 'metric' || !gate || status.phase !== 'running') {
        continue;
      }
      const count = measurementCount(gate, step.plan.bakeSeconds);
      for (const cell of touched) {
        const taken = (status.measurements ?? []).filter(m => m.cell === cell);
        if (taken.length >= count) {
          continue;
        }
        const due = taken.length
          ? Date.parse(taken[taken.length - 1].at) + gate.intervalSeconds * 1000
          : readyAt;
        if (this.now() >= due) {
          jobs.push({ gate, status, cell });
        }
      }
    }
    if (jobs.length) {
      const app = await this.appStore.getApp(r.app);
      const measured = await Promise.all(
        jobs.map(job =>
          measureGate({
            sources: this.gateSources,
            release: r,
            region: app?.region,
            gate: job.gate,
            cell: job.cell,
            now: this.now(),
          }),
        ),
      );
      jobs.forEach((job, i) => {
        job.status.measurements = [
          ...(job.status.measurements ?? []),
          measured[i],
        ];
      });
    }
    let failure: Failure | undefined;
    let inconclusive: { gate: GateStatus; cell: string } | undefined;
    for (const status of gates) {
      const gate = metricPlans.get(status.name);
      if (status.kind !== 'metric' || !gate || status.phase !== 'running') {
        continue;
      }
      const verdict = analyzeMetricGate(
        gate,
        status.measurements ?? [],
        touched,
        measurementCount(gate, step.plan.bakeSeconds),
      );
      status.phase = verdict.phase;
      status.message = verdict.message;
      status.failed = verdict.failed;
      status.inconclusive = verdict.inconclusive;
      if (verdict.phase === 'failed' && !failure) {
        failure = {
          kind: 'metric',
          name: status.name,
          cell: verdict.cell!,
          message: verdict.message,
        };
      }
      if (verdict.phase === 'inconclusive' && !inconclusive) {
        inconclusive = { gate: status, cell: verdict.cell! };
      }
    }
    const baked = isBaked(clock.progress, step.plan.bakeSeconds);
    if (bakeGate && baked && bakeGate.phase !== 'successful') {
      bakeGate.phase = 'successful';
    }

    if (failure) {
      return this.outcomes.failStep(r, step, driverId, failure, gates);
    }
    if (inconclusive) {
      return this.outcomes.pauseInconclusive(
        r,
        step,
        driverId,
        gates,
        inconclusive.gate,
        inconclusive.cell,
      );
    }
    const metricsDone = gates.every(
      g => g.kind !== 'metric' || g.phase === 'successful',
    );
    if (metricsDone && baked) {
      return this.outcomes.completeStep(r, step, driverId, gates);
    }
    if (JSON.stringify(gates) !== JSON.stringify(step.gates)) {
      await this.outcomes.writeGates(r, step, driverId, gates, {}, clockEvents);
    }
    return false;
  }
}

/** What keeps the touched cells from counting as healthy now, or undefined when they all are. */
function bakeProblem(
  touched: string[],
  seen: Record<string, CellObservation>,
  targets: Record<string, number>,
): string | undefined {
  const problems = touched.flatMap(cell => {
    const o = seen[cell];
    if (o?.error) return [`cell ${cell} could not be read (${o.error})`];
    const want = targets[cell] ?? 0;
    return o && o.ready < want
      ? [`${cell}: ${o.ready}/${want} pods Ready`]
      : [];
  });
  return problems.length ? problems.join('; ') : undefined;
}

import { LoggerService } from '@backstage/backend-plugin-api';
import {
  FINAL_RELEASE_STATES,
  GateStatus,
  MetricGate,
} from '@cellport/plugin-cells-common';
import {
  ReleaseRecord,
  StepRecord,
  toRelease,
} from '../../database/ReleaseRecords';
import { ReleaseStore } from '../../database/ReleaseStore';
import { AppStore } from '../../database/types';
import { CellWorkloads } from '../kube/types';
import {
  errorMessage,
  Failure,
  measureGate,
  CellObservation,
  observePods,
  restartBaseline,
  restartFailure,
  Transition,
  transitionOn,
} from './engineSupport';
import { advanceBake, bakeMessage, isBaked } from './bakeClock';
import { GateSourceRegistry } from './GateSource';
import { analyzeMetricGate } from './metricAnalysis';
import {
  initialGates,
  measurementCount,
  stepTargets,
  touchedCells,
} from './planning';
import { ReleaseEndings } from './ReleaseEndings';
import { ReleaseListener } from './ReleaseListener';
import { StepOutcomes } from './StepOutcomes';

/**
 * Dependencies of {@link ReleaseEngine}.
 *
 * @public
 */
export interface ReleaseEngineOptions {
  store: ReleaseStore;
  workloads: CellWorkloads;
  appStore: AppStore;
  gateSources: GateSourceRegistry;
  logger: LoggerService;
  /** The clock (ms since the epoch); injectable for tests. */
  now?: () => number;
  /** Told once about every release that ends (e.g. to notify whoever started it). */
  listener?: ReleaseListener;
}

/** Transitions one tick may chain before it yields (each one re-reads the release). */
const MAX_TRANSITIONS_PER_TICK = 25;

const isFinal = (state: ReleaseRecord['state']) =>
  FINAL_RELEASE_STATES.includes(state);

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/**
 * The release state machine. {@link ReleaseEngine.tick} advances one release from what is
 * persisted: every decision is re-derived from the database, every cell action is an idempotent
 * apply, and every transition is a guarded write (expected state, step, attempt and the driver's
 * lease), so a tick can be repeated, cut short by a crash or raced by another driver without a
 * step being done twice or lost.
 *
 * @public
 */
export class ReleaseEngine {
  private readonly store: ReleaseStore;
  private readonly transition: Transition;
  private readonly endings: ReleaseEndings;
  private readonly outcomes: StepOutcomes;
  private readonly workloads: CellWorkloads;
  private readonly appStore: AppStore;
  private readonly gateSources: GateSourceRegistry;
  private readonly logger: LoggerService;
  private readonly now: () => number;

  constructor(options: ReleaseEngineOptions) {
    this.store = options.store;
    this.workloads = options.workloads;
    this.appStore = options.appStore;
    this.gateSources = options.gateSources;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.transition = transitionOn(this.store, this.now);
    this.outcomes = new StepOutcomes({
      store: this.store,
      workloads: this.workloads,
      logger: this.logger,
      now: this.now,
    });
    this.endings = new ReleaseEndings({
      store: this.store,
      workloads: this.workloads,
      appStore: this.appStore,
      logger: this.logger,
      now: this.now,
      listener: options.listener,
      read: async id => {
        const record = await this.store.getRelease(id);
        return record && toRelease(record);
      },
    });
  }

  /**
   * Advances a release as far as it can go now, as `driverId` (which must hold its lease). Does
   * nothing for paused, waiting or final releases.
   */
  async tick(releaseId: string, driverId: string): Promise<void> {
    for (let i = 0; i < MAX_TRANSITIONS_PER_TICK; i++) {
      const release = await this.store.getRelease(releaseId);
      if (!release || release.driverId !== driverId || isFinal(release.state)) {
        return;
      }
      let progressed = false;
      if (release.state === 'running') {
        progressed = await this.drive(release, driverId);
      } else if (release.state === 'rolling-back') {
        progressed = await this.endings.rollBack(release, driverId);
      }
      if (!progressed) {
        return;
      }
    }
  }

  // ---- running -------------------------------------------------------------------------

  private async drive(r: ReleaseRecord, driverId: string): Promise<boolean> {
    if (r.currentStep >= r.steps.length) {
      return this.endings.finish(r, driverId);
    }
    const step = r.steps[r.currentStep];
    switch (step.state) {
      case 'pending':
        return this.startStep(r, step, driverId);
      case 'progressing':
        return this.progress(r, step, driverId);
      case 'baking':
        return this.bake(r, step, driverId);
      case 'failed': {
        // only reachable if a failure's release transition was undone by hand: apply the policy
        const gate = step.gates.find(g => g.phase === 'failed');
        return this.outcomes.applyFailurePolicy(
          r,
          step,
          driverId,
          `step ${step.index + 1} failed${gate ? `: ${gate.message}` : ''}`,
        );
      }
      default:
        // succeeded, skipped or waiting-approval with the release still running cannot happen
        // (those transitions move the release in the same transaction)
        this.logger.warn('Release step in an unexpected state', {
          release: r.id,
          step: step.index,
          state: step.state,
        });
        return false;
    }
  }

  private async startStep(
    r: ReleaseRecord,
    step: StepRecord,
    driverId: string,
  ): Promise<boolean> {
    const n = step.index + 1;
    const touched = touchedCells(step.plan, r.skippedCells);
    const stepGuard = {
      index: step.index,
      expectState: ['pending' as const],
      expectAttempt: step.attempt,
    };
    if (touched.length === 0) {
      return this.transition(r, driverId, {
        expectState: ['running'],
        release: { currentStep: r.currentStep + 1 },
        step: {
          ...stepGuard,
          set: { state: 'skipped', finishedAt: this.now() },
        },
        events: [
          {
            type: 'step-skipped',
            step: step.index,
            message: `Step ${n}: every cell of the step was skipped`,
            dedupeKey: `step-skipped:${step.index}:${step.attempt}`,
          },
        ],
      });
    }
    // every touched cell must answer before anything is applied in any of them
    if (await this.outcomes.pauseIfUnreachable(r, step, driverId, touched)) {
      return false;
    }
    const targets = stepTargets(step.plan, touched, r.versionSpec);
    const now = this.now();
    const gates = initialGates(step.plan).map(g =>
      g.kind === 'readiness' ? { ...g, phase: 'running' as const } : g,
    );
    const started = await this.transition(r, driverId, {
      expectState: ['running'],
      step: {
        ...stepGuard,
        set: {
          state: 'progressing',
          startedAt: now,
          finishedAt: null,
          deadlineAt: now + step.plan.readyDeadlineSeconds * 1000,
          readyAt: null,
          targets,
          applied: [],
          baseline: await restartBaseline(this.workloads, r, touched),
          gates,
        },
      },
      events: [
        {
          type: 'step-started',
          step: step.index,
          message: `Step ${n}/${r.steps.length} started${
            step.attempt ? ` (attempt ${step.attempt + 1})` : ''
          }: ${touched
            .map(cell => `${cell} → ${targets[cell]}`)
            .join(', ')} replica(s) of ${r.version}`,
          dedupeKey: `step-started:${step.index}:${step.attempt}`,
        },
      ],
    });
    if (started) {
      this.logger.info('Release step started', {
        app: r.app,
        release: r.id,
        step: n,
        cells: touched.join(','),
      });
    }
    return started;
  }

  private async progress(
    r: ReleaseRecord,
    step: StepRecord,
    driverId: string,
  ): Promise<boolean> {
    const touched = touchedCells(step.plan, r.skippedCells);
    const targets = step.targets ?? {};
    const guard = {
      index: step.index,
      expectState: ['progressing' as const],
      expectAttempt: step.attempt,
    };
    const toApply = touched.filter(cell => !step.applied.includes(cell));
    if (toApply.length) {
      const results = await Promise.allSettled(
        toApply.map(cell =>
          this.workloads.applyVersion(
            cell,
            r.app,
            { name: r.version, spec: r.versionSpec },
            targets[cell] ?? 0,
          ),
        ),
      );
      const applied = toApply.filter(
        (_, i) => results[i].status === 'fulfilled',
      );
      const errors = toApply
        .map((cell, i) => {
          const result = results[i];
          return result.status === 'rejected'
            ? `${cell}: ${errorMessage(result.reason)}`
            : undefined;
        })
        .filter((e): e is string => Boolean(e));
      if (errors.length) {
        this.logger.warn('Release could not apply the new version', {
          app: r.app,
          release: r.id,
          step: step.index + 1,
          errors: errors.join('; '),
        });
      }
      const failedCells = toApply.filter(
        (_, i) => results[i].status === 'rejected',
      );
      if (failedCells.length && !applied.length) {
        if (
          await this.outcomes.pauseIfUnreachable(r, step, driverId, failedCells)
        ) {
          return false;
        }
      }
      if (applied.length) {
        const written = await this.transition(r, driverId, {
          expectState: ['running'],
          step: {
            ...guard,
            expectApplied: step.applied,
            set: { applied: [...step.applied, ...applied] },
          },
          events: applied.map(cell => ({
            type: 'cell-applied',
            step: step.index,
            cell,
            message: `${cell}: ${targets[cell] ?? 0} replica(s) of ${
              r.version
            } applied`,
            dedupeKey: `cell-applied:${step.index}:${step.attempt}:${cell}`,
          })),
        });
        return written && errors.length === 0;
      }
      if (this.now() >= (step.deadlineAt ?? Infinity)) {
        return this.outcomes.failStep(r, step, driverId, {
          kind: 'readiness',
          name: 'readiness',
          cell: toApply[0],
          message: `the new version could not be applied within ${step.plan.readyDeadlineSeconds}s: ${errors[0]}`,
        });
      }
      return false;
    }

    const seen = await observePods(this.workloads, r, step, touched);
    const unread = touched.filter(cell => seen[cell].error);
    if (
      unread.length &&
      (await this.outcomes.pauseIfUnreachable(r, step, driverId, unread))
    ) {
      return false;
    }
    const restart = step.plan.noRestarts && restartFailure(touched, seen);
    if (restart) {
      return this.outcomes.failStep(r, step, driverId, restart);
    }
    const summary = touched
      .map(cell => `${cell} ${seen[cell].ready}/${targets[cell] ?? 0}`)
      .join(', ');
    const notReady = touched.filter(
      cell => seen[cell].ready < (targets[cell] ?? 0),
    );
    const gates = clone(step.gates);
    const readiness = gates.find(g => g.kind === 'readiness')!;
    if (notReady.length === 0) {
      readiness.phase = 'successful';
      readiness.message = `${summary} pods Ready`;
      for (const gate of gates) {
        if (gate.kind !== 'readiness') {
          gate.phase = 'running';
        }
        if (gate.kind === 'bake') {
          gate.message = `${step.plan.bakeSeconds}s`;
        }
      }
      return this.outcomes.writeGates(r, step, driverId, gates, {
        state: 'baking',
        readyAt: this.now(),
      });
    }
    if (this.now() >= (step.deadlineAt ?? Infinity)) {
      const cell = notReady[0];
      const why = seen[cell].error ? ` (${seen[cell].error})` : '';
      return this.outcomes.failStep(r, step, driverId, {
        kind: 'readiness',
        name: 'readiness',
        cell,
        message: `${seen[cell].ready}/${targets[cell] ?? 0} pods Ready after ${
          step.plan.readyDeadlineSeconds
        }s${why}`,
      });
    }
    const message = `${summary} pods Ready`;
    if (readiness.message !== message) {
      readiness.message = message;
      await this.outcomes.writeGates(r, step, driverId, gates);
    }
    return false;
  }

  private async bake(
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

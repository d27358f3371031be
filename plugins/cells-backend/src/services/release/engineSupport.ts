import {
  GateMeasurement,
  GateStatus,
  MetricGate,
} from '@cellport/plugin-cells-common';
import {
  ReleaseEventInput,
  ReleaseRecord,
  StepRecord,
} from '../../database/ReleaseRecords';
import { ReleaseStore, ReleaseTransition } from '../../database/ReleaseStore';
import { CellWorkloads } from '../kube/types';
import { GateSourceRegistry, renderGateQuery } from './GateSource';
import { measurementPhase } from './metricAnalysis';

/** The message of an error of any kind. */
export const errorMessage = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * A guarded transition of release `r` as `driverId` (the lease holder), expecting the release at
 * the step it was read at unless the transition says otherwise.
 */
export type Transition = (
  r: ReleaseRecord,
  driverId: string,
  t: Omit<ReleaseTransition, 'releaseId' | 'now' | 'driverId'>,
) => Promise<boolean>;

/** The {@link Transition} function on a store and clock. */
export function transitionOn(
  store: ReleaseStore,
  now: () => number,
): Transition {
  return (r, driverId, t) =>
    store.transition({
      releaseId: r.id,
      now: now(),
      driverId,
      expectCurrentStep: r.currentStep,
      ...t,
    });
}

/** A gate that failed, in which cell, with its figures. */
export type Failure = {
  kind: GateStatus['kind'];
  name: string;
  cell: string;
  message: string;
};

const GATE_EVENT_TYPES: Partial<Record<GateStatus['phase'], string>> = {
  successful: 'gate-passed',
  failed: 'gate-failed',
  inconclusive: 'gate-inconclusive',
};

/**
 * Timeline events for the gates whose phase turned into a verdict, compared with the step as
 * persisted; passed and failed are recorded once per step attempt.
 */
export function gateEvents(
  step: StepRecord,
  gates: GateStatus[],
): ReleaseEventInput[] {
  const events: ReleaseEventInput[] = [];
  for (const gate of gates) {
    const before = step.gates.find(
      g => g.kind === gate.kind && g.name === gate.name,
    );
    const type = GATE_EVENT_TYPES[gate.phase];
    if (before?.phase === gate.phase || !type) {
      continue;
    }
    // verdict messages of failed and inconclusive gates start with the cell
    const cell =
      gate.phase === 'successful'
        ? undefined
        : /^([a-z0-9-]+): /.exec(gate.message ?? '')?.[1];
    events.push({
      type,
      step: step.index,
      cell,
      message: `Gate ${gate.name}: ${gate.message ?? gate.phase}`,
      dedupeKey:
        type === 'gate-inconclusive'
          ? undefined
          : `${type}:${step.index}:${step.attempt}:${gate.kind}:${gate.name}`,
    });
  }
  return events;
}

/** One measurement of a metric gate in one cell; never throws (errors are inconclusive). */
export async function measureGate(options: {
  sources: GateSourceRegistry;
  release: ReleaseRecord;
  region?: string;
  gate: MetricGate;
  cell: string;
  now: number;
}): Promise<GateMeasurement> {
  const { sources, release: r, region, gate, cell } = options;
  const at = new Date(options.now).toISOString();
  const source = sources.get(gate.source);
  if (!source) {
    return {
      at,
      cell,
      phase: 'inconclusive',
      message: `unknown gate source '${gate.source}'`,
    };
  }
  const stableVersion = r.fromVersions[cell] ?? '';
  const vars = {
    app: r.app,
    version: r.version,
    cell,
    namespace: r.app,
    stableVersion,
  };
  const query = source.renderQuery
    ? source.renderQuery(gate.query, vars)
    : renderGateQuery(gate.query, vars);
  try {
    const result = await source.evaluate({
      query,
      template: gate.query,
      app: r.app,
      version: r.version,
      cell,
      stableVersion: stableVersion || undefined,
      namespace: r.app,
      region,
    });
    const value =
      typeof result.value === 'number' && !Number.isNaN(result.value)
        ? result.value
        : undefined;
    return {
      at,
      cell,
      value,
      phase: measurementPhase(gate, value),
      message:
        result.message ??
        (value === undefined ? 'no value (NaN or no data)' : undefined),
    };
  } catch (error) {
    return {
      at,
      cell,
      phase: 'inconclusive',
      message: `${gate.source}: ${errorMessage(error)}`,
    };
  }
}

/** What the pods of the new version in one touched cell look like. */
export type CellObservation = {
  ready: number;
  /** A pod that restarted since the step started, if any. */
  restarted?: { pod: string; restarts: number };
  /** Why the pods could not be read. */
  error?: string;
};

/** Restarts of the new version's pods (`<cell>/<pod>`) now: the baseline of a step attempt. */
export async function restartBaseline(
  workloads: CellWorkloads,
  r: ReleaseRecord,
  cells: string[],
): Promise<Record<string, number>> {
  const baseline: Record<string, number> = {};
  await Promise.all(
    cells.map(async cell => {
      try {
        const pods = await workloads.listPods(cell, r.app, r.version);
        for (const pod of pods) {
          baseline[`${cell}/${pod.name}`] = pod.restarts;
        }
      } catch {
        // no pods known: every restart counts
      }
    }),
  );
  return baseline;
}

/** Ready new pods and restarts (beyond the step's baseline) per touched cell. */
export async function observePods(
  workloads: CellWorkloads,
  r: ReleaseRecord,
  step: StepRecord,
  cells: string[],
): Promise<Record<string, CellObservation>> {
  const out: Record<string, CellObservation> = {};
  await Promise.all(
    cells.map(async cell => {
      try {
        const pods = await workloads.listPods(cell, r.app, r.version);
        const restarted = pods
          .map(pod => ({
            pod: pod.name,
            restarts:
              pod.restarts - (step.baseline[`${cell}/${pod.name}`] ?? 0),
          }))
          .find(p => p.restarts > 0);
        out[cell] = {
          ready: pods.filter(p => p.ready && p.status !== 'Terminating').length,
          restarted,
        };
      } catch (error) {
        out[cell] = { ready: 0, error: errorMessage(error) };
      }
    }),
  );
  return out;
}

/** The restarts gate's failure, if a new pod of a touched cell restarted. */
export function restartFailure(
  cells: string[],
  seen: Record<string, CellObservation>,
): Failure | undefined {
  for (const cell of cells) {
    const restarted = seen[cell]?.restarted;
    if (restarted) {
      return {
        kind: 'restarts',
        name: 'restarts',
        cell,
        message: `pod ${restarted.pod} restarted ${restarted.restarts} time(s)`,
      };
    }
  }
  return undefined;
}

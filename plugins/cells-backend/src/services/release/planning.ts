import { InputError } from '@backstage/errors';
import {
  App,
  CanarySize,
  GateStatus,
  ReleasePlan,
  ReleaseStepPlan,
  VersionSpec,
} from '@cellport/plugin-cells-common';
import { GateSource, renderGateQuery } from './GateSource';

/**
 * Most metric gates in one release step: each is measured in every touched cell every interval.
 *
 * @public
 */
export const MAX_METRIC_GATES_PER_STEP = 5;

/**
 * Shortest interval between two measurements of a metric gate, in seconds.
 *
 * @public
 */
export const MIN_GATE_INTERVAL_SECONDS = 5;

/**
 * New-version replicas of a canary in a cell whose version spec asks for `specReplicas`:
 * `percent` is rounded up (at least 1 when the spec has any), `replicas` is capped by the spec.
 *
 * @public
 */
export function canaryTarget(canary: CanarySize, specReplicas: number): number {
  if (specReplicas <= 0) {
    return 0;
  }
  if ('percent' in canary) {
    return Math.max(1, Math.ceil((canary.percent / 100) * specReplicas));
  }
  return Math.min(canary.replicas, specReplicas);
}

/** Target replicas per touched cell of a step. */
export function stepTargets(
  step: ReleaseStepPlan,
  cells: string[],
  spec: VersionSpec,
): Record<string, number> {
  return Object.fromEntries(
    cells.map(cell => [
      cell,
      canaryTarget(step.canary, spec.replicas[cell] ?? 0),
    ]),
  );
}

/** The cells a step touches: its placement mask minus the skipped cells. */
export function touchedCells(
  step: ReleaseStepPlan,
  skippedCells: string[],
): string[] {
  return step.cells.filter(cell => !skippedCells.includes(cell));
}

/** Every cell the plan names, in order of appearance. */
export function planCells(plan: Pick<ReleasePlan, 'steps'>): string[] {
  return [...new Set(plan.steps.flatMap(step => step.cells))];
}

/** The cells some step takes to 100%. */
export function fullCells(plan: Pick<ReleasePlan, 'steps'>): string[] {
  return [
    ...new Set(
      plan.steps
        .filter(step => 'percent' in step.canary && step.canary.percent === 100)
        .flatMap(step => step.cells),
    ),
  ];
}

/**
 * Checks a plan against the app: every cell is a cell of the app and named once per step, every
 * cell reaches 100% in some step, every metric gate's source exists. InputError otherwise.
 */
export function validatePlan(
  plan: ReleasePlan,
  app: App,
  gateSources: {
    has(name: string): boolean;
    names(): string[];
    get?(name: string): GateSource | undefined;
  },
): void {
  const appCells = new Set(app.cells.map(c => c.cell));
  plan.steps.forEach((step, i) => {
    const seen = new Set<string>();
    for (const cell of step.cells) {
      if (!appCells.has(cell)) {
        throw new InputError(
          `step ${i + 1}: cell '${cell}' is not a cell of app '${
            app.name
          }' (its cells: ${[...appCells].join(', ')})`,
        );
      }
      if (seen.has(cell)) {
        throw new InputError(`step ${i + 1}: cell '${cell}' is named twice`);
      }
      seen.add(cell);
    }
    const names = new Set<string>();
    if (step.metrics.length > MAX_METRIC_GATES_PER_STEP) {
      throw new InputError(
        `step ${i + 1}: at most ${MAX_METRIC_GATES_PER_STEP} metric gates per step (it has ${step.metrics.length})`,
      );
    }
    for (const gate of step.metrics) {
      if (!gateSources.has(gate.source)) {
        throw new InputError(
          `step ${i + 1}: gate '${gate.name}' uses the unknown gate source '${
            gate.source
          }' (available: ${gateSources.names().join(', ') || 'none'})`,
        );
      }
      if (names.has(gate.name)) {
        throw new InputError(
          `step ${i + 1}: two metric gates are named '${gate.name}'`,
        );
      }
      names.add(gate.name);
      if (gate.intervalSeconds < MIN_GATE_INTERVAL_SECONDS) {
        throw new InputError(
          `step ${i + 1}: gate '${gate.name}' measures at most every ${MIN_GATE_INTERVAL_SECONDS} s (intervalSeconds ${gate.intervalSeconds})`,
        );
      }
      checkGateQuery(gateSources.get?.(gate.source), gate.query, {
        plan,
        app,
        cells: step.cells,
        where: `step ${i + 1}: gate '${gate.name}'`,
      });
    }
  });
  const full = new Set(fullCells(plan));
  const missing = planCells(plan).filter(cell => !full.has(cell));
  if (missing.length) {
    throw new InputError(
      `${missing.length === 1 ? 'cell' : 'cells'} ${missing
        .map(c => `'${c}'`)
        .join(', ')} never ${
        missing.length === 1 ? 'reaches' : 'reach'
      } 100%: add a step with canary { percent: 100 } for ${
        missing.length === 1 ? 'it' : 'them'
      }`,
    );
  }
}

/** Asks a gate source whether it takes a query, rendered for each cell of the step. */
function checkGateQuery(
  source: GateSource | undefined,
  template: string,
  options: { plan: ReleasePlan; app: App; cells: string[]; where: string },
) {
  if (!source?.checkQuery) {
    return;
  }
  const { plan, app } = options;
  for (const cell of options.cells) {
    const vars = {
      app: app.name,
      version: plan.version,
      cell,
      namespace: app.name,
      stableVersion: '',
    };
    try {
      source.checkQuery({
        query: source.renderQuery
          ? source.renderQuery(template, vars)
          : renderGateQuery(template, vars),
        template,
        app: app.name,
        version: plan.version,
        cell,
        namespace: app.name,
        region: app.region,
      });
    } catch (e) {
      throw new InputError(`${options.where}: ${(e as Error).message}`);
    }
  }
}

/** How many measurements a metric gate takes: its count, or as many as fit in the bake (at least 1). */
export function measurementCount(
  gate: { count?: number; intervalSeconds: number },
  bakeSeconds: number,
): number {
  return (
    gate.count ?? Math.max(1, Math.floor(bakeSeconds / gate.intervalSeconds))
  );
}

/** The gates of a step before it starts. */
export function initialGates(step: ReleaseStepPlan): GateStatus[] {
  const gates: GateStatus[] = [
    { name: 'readiness', kind: 'readiness', phase: 'pending' },
  ];
  if (step.noRestarts) {
    gates.push({ name: 'restarts', kind: 'restarts', phase: 'pending' });
  }
  for (const gate of step.metrics) {
    gates.push({
      name: gate.name,
      kind: 'metric',
      phase: 'pending',
      threshold: `${gate.op} ${gate.threshold}`,
      measurements: [],
      failed: 0,
      inconclusive: 0,
    });
  }
  if (step.bakeSeconds > 0) {
    gates.push({ name: 'bake', kind: 'bake', phase: 'pending' });
  }
  return gates;
}

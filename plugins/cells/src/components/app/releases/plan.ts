import {
  ERROR_RATIO_GATE,
  type MetricGate,
  ReleaseStepPlan,
  StartReleaseRequest,
} from '@cellport/plugin-cells-common';

export {
  ERROR_RATIO_QUERY,
  P99_LATENCY_QUERY,
  METRIC_GATE_PRESETS,
} from '@cellport/plugin-cells-common';

/** An empty custom metric gate. */
export function blankMetricGate(): MetricGate {
  return {
    name: '',
    source: 'prometheus',
    query: '',
    op: '<',
    threshold: 0,
    intervalSeconds: 10,
    failureLimit: 0,
    inconclusiveLimit: 0,
  };
}

/** A step with the editor's defaults. */
export function newStep(
  cells: string[],
  canary: ReleaseStepPlan['canary'],
): ReleaseStepPlan {
  return {
    cells,
    canary,
    readyDeadlineSeconds: 300,
    noRestarts: true,
    metrics: [],
    bakeSeconds: 60,
    approval: 'auto',
  };
}

/**
 * The default plan: a one-replica canary in the first cell, baking 60 s (gated by the error-ratio
 * preset when Prometheus gates are available), then every cell at 100%. An app with no cells gets
 * no steps.
 */
export function defaultPlan(
  cells: string[],
  sources: { prometheus?: boolean } = {},
): ReleaseStepPlan[] {
  if (cells.length === 0) {
    return [];
  }
  return [
    {
      ...newStep([cells[0]], { replicas: 1 }),
      metrics: sources.prometheus ? [{ ...ERROR_RATIO_GATE }] : [],
    },
    { ...newStep([...cells], { percent: 100 }), bakeSeconds: 0 },
  ];
}

/** The cells a plan names that never reach 100% in any step (the backend refuses such a plan). */
export function cellsNotFullyReleased(steps: ReleaseStepPlan[]): string[] {
  const named = new Set(steps.flatMap(s => s.cells));
  const full = new Set(
    steps
      .filter(s => 'percent' in s.canary && s.canary.percent === 100)
      .flatMap(s => s.cells),
  );
  return [...named].filter(c => !full.has(c));
}

/** What is wrong with a plan before it is sent, as messages a user can act on. */
export function planProblems(request: StartReleaseRequest): string[] {
  const problems: string[] = [];
  if (!request.version) {
    problems.push('Choose the version to release.');
  }
  if (request.steps.length === 0) {
    problems.push('A release has at least one step.');
  }
  request.steps.forEach((step, i) => {
    if (step.cells.length === 0) {
      problems.push(`Step ${i + 1} names no cell.`);
    }
    (step.metrics ?? []).forEach((gate, j) => {
      if (!gate.name.trim() || !gate.query.trim()) {
        problems.push(
          `Step ${i + 1}, metric gate ${j + 1}: name and query are required.`,
        );
      }
    });
  });
  const notFull = cellsNotFullyReleased(request.steps as ReleaseStepPlan[]);
  if (notFull.length > 0) {
    problems.push(
      `Every cell the plan names must reach 100% in some step: ${notFull.join(
        ', ',
      )}.`,
    );
  }
  return problems;
}

/** A canary size as text: `1 replica`, `3 replicas`, `25%`. */
export function canaryText(canary: ReleaseStepPlan['canary']): string {
  if ('replicas' in canary) {
    return `${canary.replicas} ${
      canary.replicas === 1 ? 'replica' : 'replicas'
    }`;
  }
  return `${canary.percent}%`;
}

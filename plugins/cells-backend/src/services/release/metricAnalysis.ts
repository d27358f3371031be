import {
  GateMeasurement,
  GateStatus,
  MetricGate,
} from '@cellport/plugin-cells-common';

/**
 * A measurement's phase (Argo Rollouts' analysis semantics): inconclusive without a value (or
 * NaN), successful when `value <op> threshold` holds, failed otherwise.
 */
export function measurementPhase(
  gate: Pick<MetricGate, 'op' | 'threshold'>,
  value: number | undefined,
): GateMeasurement['phase'] {
  if (value === undefined || Number.isNaN(value)) {
    return 'inconclusive';
  }
  const t = gate.threshold;
  const ok =
    (gate.op === '<' && value < t) ||
    (gate.op === '<=' && value <= t) ||
    (gate.op === '>' && value > t) ||
    (gate.op === '>=' && value >= t);
  return ok ? 'successful' : 'failed';
}

/** The verdict on a metric gate from its measurements so far. */
export interface MetricVerdict {
  phase: GateStatus['phase'];
  /** The cell that failed the gate or made it inconclusive. */
  cell?: string;
  message: string;
  failed: number;
  inconclusive: number;
}

const fmt = (value: number) =>
  Number.isInteger(value)
    ? String(value)
    : String(Number(value.toPrecision(6)));

/**
 * Judges a metric gate over the touched cells, each cell counting on its own: more failed
 * measurements than `failureLimit` in a cell fail the gate, more inconclusive ones than
 * `inconclusiveLimit` make it inconclusive, `count` measurements in every cell within the limits
 * pass it.
 */
export function analyzeMetricGate(
  gate: MetricGate,
  measurements: GateMeasurement[],
  cells: string[],
  count: number,
): MetricVerdict {
  const threshold = `${gate.op} ${gate.threshold}`;
  const failed = measurements.filter(m => m.phase === 'failed').length;
  const inconclusive = measurements.filter(
    m => m.phase === 'inconclusive',
  ).length;
  const totals = { failed, inconclusive };
  for (const cell of cells) {
    const own = measurements.filter(m => m.cell === cell);
    const fails = own.filter(m => m.phase === 'failed');
    if (fails.length > gate.failureLimit) {
      const values = fails.map(m => fmt(m.value!)).join(', ');
      return {
        ...totals,
        phase: 'failed',
        cell,
        message: `${fails.length} of ${own.length} measurements failed (failure limit ${gate.failureLimit}): ${values}, threshold ${threshold}`,
      };
    }
  }
  for (const cell of cells) {
    const own = measurements.filter(m => m.cell === cell);
    const unknown = own.filter(m => m.phase === 'inconclusive');
    if (unknown.length > gate.inconclusiveLimit) {
      const last = unknown[unknown.length - 1];
      return {
        ...totals,
        phase: 'inconclusive',
        cell,
        message: `${unknown.length} of ${
          own.length
        } measurements inconclusive (inconclusive limit ${
          gate.inconclusiveLimit
        })${last.message ? `: ${last.message}` : ''}`,
      };
    }
  }
  const taken = (cell: string) =>
    measurements.filter(m => m.cell === cell).length;
  const lastValues = cells
    .map(cell => {
      const own = measurements.filter(
        m => m.cell === cell && m.value !== undefined,
      );
      return own.length
        ? `${cell} ${fmt(own[own.length - 1].value!)}`
        : undefined;
    })
    .filter(Boolean)
    .join(', ');
  if (cells.every(cell => taken(cell) >= count)) {
    return {
      ...totals,
      phase: 'successful',
      message: `${measurements.length - failed - inconclusive}/${
        measurements.length
      } measurements passed (${threshold})${
        lastValues ? `; last: ${lastValues}` : ''
      }`,
    };
  }
  const done = cells.reduce(
    (sum, cell) => sum + Math.min(taken(cell), count),
    0,
  );
  return {
    ...totals,
    phase: 'running',
    message: `${done}/${count * cells.length} measurements (${threshold})${
      lastValues ? `; last: ${lastValues}` : ''
    }`,
  };
}

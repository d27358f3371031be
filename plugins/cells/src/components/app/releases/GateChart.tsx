import type {
  GateMeasurement,
  MetricGate,
} from '@cellport/plugin-cells-common';
import { Box, Typography } from '@material-ui/core';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

const COLORS = ['#1f77b4', '#2ca02c', '#9467bd', '#8c564b'];

/** Props of {@link GateChart}. */
export interface GateChartProps {
  gate: Pick<MetricGate, 'name' | 'op' | 'threshold'>;
  measurements: GateMeasurement[];
  width?: number;
  height?: number;
}

const fmt = (v: number) =>
  Math.abs(v) >= 100 || v === 0
    ? String(Math.round(v * 100) / 100)
    : v.toPrecision(3);

/** A short axis tick: two significant digits. */
const tick = (v: number) =>
  v === 0 || Math.abs(v) >= 100
    ? String(Math.round(v))
    : String(Number(v.toPrecision(2)));

/**
 * A metric gate's measurements as a small line chart per cell against the threshold (dashed red
 * line); inconclusive measurements leave gaps and are counted below.
 */
export function GateChart(props: GateChartProps) {
  const { gate, measurements, width = 220, height = 90 } = props;
  const cells = [...new Set(measurements.map(m => m.cell))];
  // row k holds each cell's k-th measurement
  const byCell = cells.map(cell => measurements.filter(m => m.cell === cell));
  const rows = Math.max(0, ...byCell.map(list => list.length));
  const data = Array.from({ length: rows }, (_, k) => {
    const row: Record<string, number | string | null> = { i: k + 1 };
    byCell.forEach((list, c) => {
      const m = list[k];
      if (m) {
        row.at ??= new Date(m.at).toLocaleTimeString();
        row[cells[c]] = m.value ?? null;
      }
    });
    return row;
  });
  const unknown = measurements.filter(m => m.phase === 'inconclusive').length;
  const values = measurements
    .map(m => m.value)
    .filter((v): v is number => v !== undefined && !Number.isNaN(v));
  const top = Math.max(gate.threshold * 1.5, ...values, 0) || 1;
  return (
    <Box
      data-testid={`gate-chart-${gate.name}`}
      aria-label={`${gate.name}: ${measurements.length} measurements against ${gate.op} ${gate.threshold}`}
      role="img"
    >
      <LineChart
        width={width}
        height={height}
        data={data}
        margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="i" hide />
        <YAxis
          width={52}
          domain={[0, top]}
          tickFormatter={tick}
          tick={{ fontSize: 10 }}
          allowDataOverflow={false}
        />
        <Tooltip
          formatter={(v: number, cell: string) => [fmt(v), cell]}
          labelFormatter={(_, payload) => payload?.[0]?.payload?.at ?? ''}
        />
        <ReferenceLine
          y={gate.threshold}
          stroke="#d32f2f"
          strokeDasharray="4 3"
          ifOverflow="extendDomain"
        />
        {cells.map((cell, i) => (
          <Line
            key={cell}
            type="monotone"
            dataKey={cell}
            stroke={COLORS[i % COLORS.length]}
            dot={{ r: 2 }}
            isAnimationActive={false}
            connectNulls={false}
          />
        ))}
      </LineChart>
      <Typography
        variant="caption"
        color="textSecondary"
        noWrap
        component="div"
      >
        threshold {gate.op} {gate.threshold}
        {unknown > 0 ? ` · ${unknown} without data` : ''}
      </Typography>
    </Box>
  );
}

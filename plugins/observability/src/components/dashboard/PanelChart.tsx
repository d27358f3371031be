import { useMemo } from 'react';
import { Card, CardContent, CardHeader, Typography } from '@material-ui/core';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { DashboardPanel } from '@cellport/plugin-observability-common';
import { formatTime, formatValue } from './format';

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

const EMPTY_TITLES = {
  'prometheus-down': 'Prometheus cannot be asked',
  'not-scraped': 'Not scraped',
  'no-traffic': 'No traffic',
  'no-data': 'No data',
} as const;

/** The name of a series in the legend: its split label values, e.g. `dev-1 / v2`. */
export function seriesName(labels: Record<string, string>): string {
  return Object.values(labels).join(' / ') || 'all';
}

/** One dashboard panel: a line chart of its series, or why it has none. */
export function PanelChart(props: {
  panel: DashboardPanel;
  /** The dashboard's range (unix seconds): the time axis always spans all of it. */
  start: number;
  end: number;
}) {
  const { panel, start, end } = props;
  const rangeSeconds = end - start;
  const { rows, names } = useMemo(() => {
    const byTime = new Map<number, Record<string, number>>();
    const seriesNames = panel.series.map(s => seriesName(s.labels));
    panel.series.forEach((s, i) => {
      for (const [t, v] of s.points) {
        const row = byTime.get(t) ?? { t };
        row[seriesNames[i]] = v;
        byTime.set(t, row);
      }
    });
    return {
      rows: [...byTime.values()].sort((a, b) => a.t - b.t),
      names: seriesNames,
    };
  }, [panel]);
  return (
    <Card variant="outlined" data-testid={`panel-${panel.id}`}>
      <CardHeader title={panel.title} titleTypographyProps={{ variant: 'h6' }} />
      <CardContent>
        {panel.empty ? (
          <div style={{ height: 220 }}>
            <Typography variant="subtitle2">{EMPTY_TITLES[panel.empty.reason]}</Typography>
            <Typography variant="body2" color="textSecondary">
              {panel.empty.message}
            </Typography>
          </div>
        ) : (
          <ResponsiveContainer width="100%" height={220}>
            <LineChart data={rows} margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis
                dataKey="t"
                type="number"
                domain={[start, end]}
                tickFormatter={t => formatTime(t, rangeSeconds)}
                minTickGap={40}
              />
              <YAxis width={72} tickFormatter={v => formatValue(v, panel.unit)} />
              <Tooltip
                labelFormatter={t => new Date(Number(t) * 1000).toLocaleString()}
                formatter={(v: number) => formatValue(v, panel.unit)}
              />
              <Legend />
              {names.map((name, i) => (
                <Line
                  key={name}
                  dataKey={name}
                  name={name}
                  dot={false}
                  isAnimationActive={false}
                  stroke={COLORS[i % COLORS.length]}
                  strokeWidth={2}
                  connectNulls
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        )}
      </CardContent>
    </Card>
  );
}

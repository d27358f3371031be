/** Operations per day over the window, charted (stacked bars per day), with each kind's total. */
import { Box, Card, CardContent, CardHeader, makeStyles, Typography } from '@material-ui/core';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { OperationsDay } from '../api';
import { OPERATION_KINDS, totals } from './mergeOperations';
import { PartError } from './PartError';

const useStyles = makeStyles(theme => ({
  totals: {
    display: 'grid',
    // six kinds on one row from ~520 px, three on two rows below that (never five and one)
    gridTemplateColumns: 'repeat(3, minmax(0, 1fr))',
    '@media (min-width: 600px)': { gridTemplateColumns: 'repeat(6, minmax(0, 1fr))' },
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
  total: {
    borderLeft: '4px solid',
    paddingLeft: theme.spacing(1),
  },
}));

/** Props of {@link OperationsCard}. */
export interface OperationsCardProps {
  days: OperationsDay[];
  windowDays: number;
  /** Sources that failed, with their errors. */
  errors: Array<{ source: string; error: unknown }>;
}

/** The operations chart. */
export function OperationsCard(props: OperationsCardProps) {
  const classes = useStyles();
  const sum = totals(props.days);
  return (
    <Card>
      <CardHeader
        title="Operations per day"
        subheader={`Last ${props.windowDays} days (UTC), from the plugins' own records`}
      />
      <CardContent>
        {props.errors.map(e => (
          <PartError key={e.source} source={e.source} error={e.error} />
        ))}
        <Box className={classes.totals}>
          {OPERATION_KINDS.map(k => (
            <Box key={k.key} className={classes.total} style={{ borderColor: k.color }}>
              <Typography variant="h5" data-testid={`ops-total-${k.key}`}>
                {sum[k.key]}
              </Typography>
              <Typography variant="caption" color="textSecondary">
                {k.label}
              </Typography>
            </Box>
          ))}
        </Box>
        <Box height={300} data-testid="ops-chart">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={props.days} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="date" tickFormatter={(d: string) => d.slice(5)} minTickGap={12} />
              <YAxis allowDecimals={false} width={40} />
              <Tooltip />
              <Legend />
              {OPERATION_KINDS.map(k => (
                <Bar key={k.key} dataKey={k.key} name={k.label} stackId="ops" fill={k.color} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </Box>
      </CardContent>
    </Card>
  );
}

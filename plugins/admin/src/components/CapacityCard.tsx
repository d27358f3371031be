/** Cell capacity and usage per region: requested against allocatable CPU, memory and pods. */
import { Box, Card, CardContent, CardHeader, LinearProgress, makeStyles, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import type { CapacityReport, CellCapacity } from '../api';
import { formatBytes, formatCpu, percent } from './format';
import { PartError } from './PartError';

const useStyles = makeStyles(theme => ({
  region: { marginBottom: theme.spacing(2) },
  cells: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))',
    gap: theme.spacing(2),
  },
  cell: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1.5),
  },
  gauge: { marginTop: theme.spacing(1) },
  bar: { height: 10, borderRadius: 5 },
  high: { backgroundColor: theme.palette.error.main },
}));

function Gauge(props: { label: string; used: number; total: number; format: (n: number) => string; testId: string }) {
  const classes = useStyles();
  const value = percent(props.used, props.total);
  return (
    <Box className={classes.gauge} data-testid={props.testId}>
      <Box display="flex" justifyContent="space-between" flexWrap="wrap">
        <Typography variant="body2">{props.label}</Typography>
        <Typography variant="body2" color="textSecondary">
          {props.format(props.used)} of {props.format(props.total)}
        </Typography>
      </Box>
      <LinearProgress
        variant="determinate"
        value={value}
        className={classes.bar}
        classes={value >= 90 ? { bar: classes.high } : undefined}
        aria-label={`${props.label} requested ${Math.round(value)}% of allocatable`}
      />
    </Box>
  );
}

function CellBox(props: { cell: CellCapacity }) {
  const classes = useStyles();
  const { cell } = props;
  return (
    <Box className={classes.cell} data-testid={`capacity-cell-${cell.cell}`}>
      <Typography variant="subtitle1">{cell.cell}</Typography>
      {!cell.reachable && (
        <Alert severity="warning" style={{ marginTop: 4 }}>
          Unreachable{cell.error ? `: ${cell.error}` : ''}
        </Alert>
      )}
      {cell.reachable && (
        <>
          <Gauge
            label="CPU"
            used={cell.requested.cpuMillis}
            total={cell.allocatable.cpuMillis}
            format={formatCpu}
            testId="capacity-cpu"
          />
          <Gauge
            label="Memory"
            used={cell.requested.memoryBytes}
            total={cell.allocatable.memoryBytes}
            format={formatBytes}
            testId="capacity-memory"
          />
          <Gauge
            label="Pods"
            used={cell.requested.pods}
            total={cell.allocatable.pods}
            format={String}
            testId="capacity-pods"
          />
        </>
      )}
    </Box>
  );
}

/** Props of {@link CapacityCard}. */
export interface CapacityCardProps {
  regions?: CapacityReport['regions'];
  error?: unknown;
}

/** Per region, one box per cell with its CPU, memory and pod gauges (requested of allocatable). */
export function CapacityCard(props: CapacityCardProps) {
  const classes = useStyles();
  return (
    <Card>
      <CardHeader title="Cell capacity" subheader="Requested of allocatable, from each cell's nodes and pods" />
      <CardContent>
        <PartError source="Capacity (cells)" error={props.error} />
        {props.regions?.length === 0 && <Typography>No cell is configured.</Typography>}
        {props.regions?.map(r => (
          <Box key={r.region} className={classes.region}>
            <Typography variant="h6" gutterBottom>
              Region {r.region}
            </Typography>
            <Box className={classes.cells}>
              {r.cells.map(c => (
                <CellBox key={c.cell} cell={c} />
              ))}
            </Box>
          </Box>
        ))}
      </CardContent>
    </Card>
  );
}

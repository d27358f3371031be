import type { CellResources, NodeSummary } from '@cellport/plugin-cells-common';
import {
  Box,
  Chip,
  LinearProgress,
  Tooltip,
  Typography,
} from '@material-ui/core';

const GiB = 1024 ** 3;

const cores = (m: number) => {
  const c = m / 1000;
  return Number.isInteger(c) ? String(c) : c.toFixed(1);
};
const gib = (b: number) => {
  const g = b / GiB;
  return g >= 10 || Number.isInteger(g) ? g.toFixed(0) : g.toFixed(1);
};

/** One resource's requests against what is allocatable, with its figures. */
function Bar(props: {
  label: string;
  used: number;
  total: number;
  text: string;
}) {
  const percent = props.total
    ? Math.min(100, Math.round((props.used / props.total) * 100))
    : 0;
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={0.5}>
      <Typography variant="caption" style={{ width: 52 }} noWrap>
        {props.label}
      </Typography>
      <Box flexGrow={1} minWidth={80}>
        <LinearProgress
          variant="determinate"
          value={percent}
          color={percent >= 90 ? 'secondary' : 'primary'}
          aria-label={`${props.label} ${percent}% requested`}
        />
      </Box>
      <Typography variant="caption" style={{ whiteSpace: 'nowrap' }}>
        {props.text}
      </Typography>
    </Box>
  );
}

/** Requests against allocatable CPU, memory and pods, as bars. */
export function CapacityBars(props: {
  usage?: CellResources;
  capacity?: CellResources;
}) {
  const { usage, capacity } = props;
  if (!usage || !capacity) {
    return <>—</>;
  }
  return (
    <Box minWidth={260} data-testid="capacity-bars">
      <Bar
        label="CPU"
        used={usage.cpuMillis}
        total={capacity.cpuMillis}
        text={`${cores(usage.cpuMillis)} / ${cores(capacity.cpuMillis)} cores`}
      />
      <Bar
        label="Memory"
        used={usage.memoryBytes}
        total={capacity.memoryBytes}
        text={`${gib(usage.memoryBytes)} / ${gib(capacity.memoryBytes)} GiB`}
      />
      <Bar
        label="Pods"
        used={usage.pods}
        total={capacity.pods}
        text={`${usage.pods} / ${capacity.pods}`}
      />
    </Box>
  );
}

/** The nodes of a cell as chips: name, readiness, cordon, and their own figures on hover. */
export function NodeChips(props: { nodes?: NodeSummary[] }) {
  const nodes = props.nodes ?? [];
  if (nodes.length === 0) {
    return <>—</>;
  }
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      style={{ gap: 4 }}
      data-testid="node-chips"
    >
      {nodes.map(n => (
        <Tooltip
          key={n.name}
          title={`${n.name}: CPU ${cores(n.usage.cpuMillis)} / ${cores(
            n.allocatable.cpuMillis,
          )} cores · memory ${gib(n.usage.memoryBytes)} / ${gib(
            n.allocatable.memoryBytes,
          )} GiB · pods ${n.usage.pods} / ${n.allocatable.pods}`}
        >
          <Chip
            size="small"
            variant="outlined"
            color={n.ready ? 'default' : 'secondary'}
            label={`${n.name}${n.ready ? '' : ' (not ready)'}${
              n.schedulable ? '' : ' (cordoned)'
            }`}
          />
        </Tooltip>
      ))}
    </Box>
  );
}

import { Box, Tooltip, Typography } from '@material-ui/core';
import type { SkyWalkingSpan } from '@cellport/plugin-observability-common';

/** A trace's spans as a waterfall: one bar per span, offset and sized by its time in the trace. */
export function TraceWaterfall(props: { spans: SkyWalkingSpan[] }) {
  const spans = [...props.spans].sort((a, b) => a.startTime - b.startTime || a.spanId - b.spanId);
  if (!spans.length) return <Typography color="textSecondary">The trace has no spans.</Typography>;
  const t0 = Math.min(...spans.map(s => s.startTime));
  const total = Math.max(1, Math.max(...spans.map(s => s.endTime)) - t0);
  return (
    <Box data-testid="trace-waterfall">
      {spans.map(s => {
        const left = ((s.startTime - t0) / total) * 100;
        const width = Math.max(0.5, ((s.endTime - s.startTime) / total) * 100);
        return (
          <Box key={`${s.segmentId}-${s.spanId}`} display="flex" alignItems="center" mb={0.5}>
            <Box width="38%" pr={1} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
              <Tooltip title={`${s.serviceInstanceName} · ${s.peer || ''}`}>
                <Typography variant="body2" component="span">
                  {s.serviceCode} · {s.type} {s.endpointName}
                </Typography>
              </Tooltip>
            </Box>
            <Box flex={1} position="relative" height={14} bgcolor="action.hover">
              <Box
                position="absolute"
                left={`${left}%`}
                width={`${width}%`}
                height="100%"
                bgcolor={s.isError ? 'error.main' : 'primary.main'}
              />
            </Box>
            <Box width={70} textAlign="right">
              <Typography variant="body2">{s.endTime - s.startTime} ms</Typography>
            </Box>
          </Box>
        );
      })}
    </Box>
  );
}

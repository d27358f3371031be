import type { AppOverview, Release } from '@cellport/plugin-cells-common';
import { Box, LinearProgress, Typography } from '@material-ui/core';

/** The share of a cell's ready pods that run the released version. */
export interface CellShare {
  cell: string;
  /** Ready pods of the released version. */
  canary: number;
  /** Ready pods of every version. */
  total: number;
}

/** Per cell the current step touches: ready pods of the new version against all ready pods. */
export function canaryShares(
  release: Release,
  overview: AppOverview,
): CellShare[] {
  const step = release.steps[release.currentStep] ?? release.steps[0];
  const cells = step?.plan.cells ?? [];
  return cells.map(cell => {
    const view = overview.cells.find(c => c.cell === cell);
    const versions = view?.versions ?? [];
    return {
      cell,
      canary: versions.find(v => v.version === release.version)?.ready ?? 0,
      total: versions.reduce((sum, v) => sum + v.ready, 0),
    };
  });
}

/** Bars of the canary's share of pods in each cell the current step touches. */
export function CanaryShare(props: {
  release: Release;
  overview: AppOverview;
}) {
  const shares = canaryShares(props.release, props.overview);
  if (shares.length === 0) {
    return null;
  }
  return (
    <Box my={1} data-testid="canary-share">
      <Typography variant="subtitle2">
        Pods on {props.release.version}
      </Typography>
      {shares.map(s => {
        const percent = s.total ? Math.round((s.canary / s.total) * 100) : 0;
        return (
          <Box
            key={s.cell}
            display="flex"
            alignItems="center"
            style={{ gap: 12 }}
            mb={0.5}
          >
            <Typography variant="body2" style={{ width: 96 }} noWrap>
              {s.cell}
            </Typography>
            <Box flexGrow={1} maxWidth={360}>
              <LinearProgress
                variant="determinate"
                value={percent}
                aria-label={`${s.cell}: ${percent}% of ready pods on ${props.release.version}`}
              />
            </Box>
            <Typography
              variant="caption"
              style={{ whiteSpace: 'nowrap' }}
              data-testid={`canary-share-${s.cell}`}
            >
              {s.canary} of {s.total} ready pods ({percent}%)
            </Typography>
          </Box>
        );
      })}
    </Box>
  );
}

import type {
  App,
  AppOverview,
  AppPermissions,
  AppVersion,
  CellAppView,
  CellVersionStatus,
} from '@cellport/plugin-cells-common';
import {
  Box,
  Button,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@material-ui/core';
import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';

/** Props of {@link VersionMatrix}. */
export interface VersionMatrixProps {
  app: App;
  overview: AppOverview;
  /** The app's versions, newest first. */
  versions: AppVersion[];
  permissions: AppPermissions;
  onScale(version: string, cell: string, replicas: number): void;
  onRemove(version: string): void;
  /** Brings a drifted cell to the current version (shown to users who may release). */
  onSync?(cell: string): void;
}

/** The versions of the matrix: the stored ones, newest first, then any other a cell runs. */
export function matrixVersions(
  versions: AppVersion[],
  overview: AppOverview,
): string[] {
  const names = versions.map(v => v.name);
  for (const cell of overview.cells) {
    for (const v of cell.versions) {
      if (!names.includes(v.version)) {
        names.push(v.version);
      }
    }
  }
  return names;
}

/** Whether a cell serves another version than the app's current one. */
export function isDrifted(app: App, view: CellAppView): boolean {
  return (
    view.drifted || Boolean(app.cells.find(c => c.cell === view.cell)?.drifted)
  );
}

function CellHeader(props: {
  app: App;
  view: CellAppView;
  onSync?: (cell: string) => void;
}) {
  const { app, view, onSync } = props;
  const stable =
    view.stableVersion ??
    app.cells.find(c => c.cell === view.cell)?.stableVersion;
  return (
    <Box data-testid={`cell-header-${view.cell}`}>
      <Typography variant="subtitle2">{view.cell}</Typography>
      {!view.reachable && (
        <>
          <StatusError>unreachable</StatusError>
          <Typography
            variant="caption"
            display="block"
            color="error"
            data-testid={`cell-error-${view.cell}`}
          >
            {view.error ?? 'The cell did not answer.'}
          </Typography>
        </>
      )}
      <Typography variant="caption" display="block">
        stable: {stable ?? 'none'}
      </Typography>
      {isDrifted(app, view) && (
        <Tooltip
          title={`${view.cell} serves ${
            stable ?? 'no version'
          } while the app's current version is ${
            app.currentVersion ?? 'none'
          }: it was skipped by a release or changed by hand. "Sync" or a new release brings it up.`}
        >
          <Chip
            size="small"
            color="secondary"
            label="drifted"
            data-testid={`drifted-${view.cell}`}
          />
        </Tooltip>
      )}
      {isDrifted(app, view) &&
        view.reachable &&
        app.currentVersion &&
        onSync && (
          <Button
            size="small"
            color="primary"
            aria-label={`Sync ${view.cell} to ${app.currentVersion}`}
            onClick={() => onSync(view.cell)}
          >
            Sync to {app.currentVersion}
          </Button>
        )}
    </Box>
  );
}

function ReplicasText({ status }: { status: CellVersionStatus }) {
  const text = `${status.ready}/${status.desired} ready`;
  if (status.desired === 0) {
    return <StatusWarning>{text}</StatusWarning>;
  }
  if (status.ready >= status.desired) {
    return <StatusOK>{text}</StatusOK>;
  }
  return <StatusPending>{text}</StatusPending>;
}

/**
 * The cells × versions matrix: ready/desired replicas of every version in every cell, each cell's
 * stable version, drifted cells marked (with why), unreachable cells with their error, and "Scale"
 * per version per cell and "Remove" per version for users who may.
 */
/**
 * Why a version cannot be removed (the app's current version, or a cell's stable version: the
 * backend refuses both), or undefined when it can.
 */
export function inUse(app: App, version: string): string | undefined {
  if (app.currentVersion === version) {
    return 'current version';
  }
  const serving = app.cells.filter(c => c.stableVersion === version);
  return serving.length > 0
    ? `serves ${serving.map(c => c.cell).join(', ')}`
    : undefined;
}

export function VersionMatrix(props: VersionMatrixProps) {
  const { app, overview, versions, permissions } = props;
  const names = matrixVersions(versions, overview);
  const byName = new Map(versions.map(v => [v.name, v]));
  return (
    <Table size="small" aria-label="Versions by cell">
      <TableHead>
        <TableRow>
          <TableCell>Version</TableCell>
          {overview.cells.map(view => (
            <TableCell key={view.cell}>
              <CellHeader
                app={app}
                view={view}
                onSync={permissions.release ? props.onSync : undefined}
              />
            </TableCell>
          ))}
          {permissions.deploy && <TableCell />}
        </TableRow>
      </TableHead>
      <TableBody>
        {names.length === 0 && (
          <TableRow>
            <TableCell colSpan={overview.cells.length + 2}>
              No version yet.
            </TableCell>
          </TableRow>
        )}
        {names.map(name => (
          <TableRow key={name} data-testid={`version-row-${name}`}>
            <TableCell>
              <Typography variant="body2" component="div">
                <strong>{name}</strong>{' '}
                {app.currentVersion === name && (
                  <Chip size="small" color="primary" label="current" />
                )}
              </Typography>
              <Typography variant="caption" color="textSecondary">
                {byName.get(name)?.spec.image ?? ''}
              </Typography>
            </TableCell>
            {overview.cells.map(view => {
              const status = view.versions.find(v => v.version === name);
              return (
                <TableCell
                  key={view.cell}
                  data-testid={`matrix-${name}-${view.cell}`}
                >
                  {!view.reachable && (
                    <Typography variant="caption" color="textSecondary">
                      unknown
                    </Typography>
                  )}
                  {view.reachable && !status && '—'}
                  {view.reachable && status && (
                    <>
                      <ReplicasText status={status} />
                      {view.stableVersion === name && (
                        <Chip size="small" label="stable" />
                      )}
                      {status.autoscaling && (
                        <Typography variant="caption" display="block">
                          autoscaling {status.autoscaling.min}–
                          {status.autoscaling.max}
                          {status.autoscaling.current !== undefined &&
                            ` (now ${status.autoscaling.current})`}
                        </Typography>
                      )}
                      {permissions.scale && (
                        <Button
                          size="small"
                          aria-label={`Scale ${name} in ${view.cell}`}
                          onClick={() =>
                            props.onScale(name, view.cell, status.desired)
                          }
                        >
                          Scale
                        </Button>
                      )}
                    </>
                  )}
                </TableCell>
              );
            })}
            {permissions.deploy && (
              <TableCell>
                {inUse(app, name) ? (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    data-testid={`version-in-use-${name}`}
                  >
                    {inUse(app, name)}
                  </Typography>
                ) : (
                  <Button
                    size="small"
                    color="secondary"
                    aria-label={`Remove ${name}`}
                    onClick={() => props.onRemove(name)}
                  >
                    Remove
                  </Button>
                )}
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

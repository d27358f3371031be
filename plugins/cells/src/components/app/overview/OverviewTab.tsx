import { useState } from 'react';
import { ErrorPanel, InfoCard, Progress } from '@backstage/core-components';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { DomainsCard, slbApiRef } from '@cellport/plugin-slb-react';
import { Box, Button, LinearProgress, Typography } from '@material-ui/core';
import { FormDialog } from '@cellport/plugin-access-react';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { cellsApiRef } from '../../../api';
import { ShowMore } from '../../shared/ShowMore';
import { useBusy } from '../../shared/useBusy';
import { usePagedList } from '../../shared/usePagedList';
import { useAppContext } from '../AppContext';
import { AddCellDialog } from './AddCellDialog';
import { ScaleDialog, ScaleTarget } from './ScaleDialog';
import { VersionMatrix } from './VersionMatrix';

/** How often the overview refreshes. */
export const OVERVIEW_POLL_MS = 5000;

/** How many stored versions the matrix shows before "Show more versions". */
export const VERSIONS_PAGE_SIZE = 25;

/**
 * The app's cells × versions matrix (the newest versions first, "Show more versions" for older
 * ones), refreshed every few seconds, with "Add cell", "New version",
 * "Scale" and "Remove" for users who may; below it the app's domains when the slb plugin is installed.
 */
export function OverviewTab(props: { pollMs?: number }) {
  const { app, permissions, revision, refresh, openNewVersion } =
    useAppContext();
  const api = useApi(cellsApiRef);
  // the app's domains, when the portal has the slb plugin (its API): no card otherwise
  const slbInstalled = Boolean(useApiHolder().get(slbApiRef));
  const state = useAsyncRetry(
    () => api.getOverview(app.name),
    [api, app.name, revision],
  );
  // the stored versions a page at a time, newest first; the matrix adds any other a cell runs
  const versionList = usePagedList(
    cursor =>
      api.listVersionsPage(app.name, { limit: VERSIONS_PAGE_SIZE, cursor }),
    [api, app.name, revision],
  );
  useInterval(() => {
    state.retry();
    versionList.reload();
  }, props.pollMs ?? OVERVIEW_POLL_MS);

  const [scaling, setScaling] = useState<ScaleTarget>();
  const [removing, setRemoving] = useState<string>();
  const [addingCell, setAddingCell] = useState(false);
  const sync = useBusy();
  const [synced, setSynced] = useState<string>();

  if (!state.value || !versionList.items) {
    const error = state.error ?? versionList.error;
    return error ? (
      <ErrorPanel error={error} title="Could not load the app's cells" />
    ) : (
      <Progress />
    );
  }
  const overview = state.value;
  const versions = versionList.items;
  const refreshError = state.error ?? versionList.error;
  return (
    <>
      <InfoCard
        title="Versions by cell"
        subheader={`Region ${app.region} · ${app.cells.length} cells${
          app.production ? ' · production' : ''
        }`}
        action={
          permissions.deploy || permissions.update ? (
            <Box display="flex" mt={1} mr={1} style={{ gap: 8 }}>
              {permissions.update && (
                <Button variant="outlined" onClick={() => setAddingCell(true)}>
                  Add cell
                </Button>
              )}
              {permissions.deploy && (
                <Button
                  variant="contained"
                  color="primary"
                  onClick={openNewVersion}
                >
                  New version
                </Button>
              )}
            </Box>
          ) : undefined
        }
      >
        {refreshError && (
          <Typography color="error" variant="caption">
            Last refresh failed: {refreshError.message}
          </Typography>
        )}
        <VersionMatrix
          app={app}
          overview={overview}
          versions={versions}
          permissions={permissions}
          onScale={(version, cell, replicas) =>
            setScaling({ version, cell, replicas })
          }
          onRemove={version => setRemoving(version)}
          onSync={async cell => {
            setSynced(undefined);
            const ok = await sync.run(() => api.syncCell(app.name, cell));
            if (ok) {
              setSynced(cell);
              refresh();
            }
          }}
        />
        <ShowMore
          list={{ ...versionList, error: undefined }}
          what="versions"
          testId="versions-show-more"
        />
        {sync.busy && <LinearProgress />}
        {sync.error && <Alert severity="error">{sync.error}</Alert>}
        {synced && (
          <Alert severity="info" onClose={() => setSynced(undefined)}>
            A release bringing {synced} to {app.currentVersion} started: follow
            it on the Releases tab.
          </Alert>
        )}
        <ScaleDialog
          target={scaling}
          onClose={() => setScaling(undefined)}
          onScale={async replicas => {
            if (!scaling) return;
            await api.scaleVersion(app.name, scaling.version, {
              cell: scaling.cell,
              replicas,
            });
            setScaling(undefined);
            state.retry();
          }}
        />
        <AddCellDialog
          open={addingCell}
          app={app}
          onClose={() => setAddingCell(false)}
          onAdded={() => {
            setAddingCell(false);
            refresh();
          }}
        />
        <FormDialog
          open={Boolean(removing)}
          title={`Remove version ${removing}?`}
          submitLabel="Remove version"
          destructive
          onClose={() => setRemoving(undefined)}
          onSubmit={async () => {
            if (!removing) return;
            await api.deleteVersion(app.name, removing);
            setRemoving(undefined);
            refresh();
          }}
        >
          <Typography>
            Its pods leave the load balancers, then its Deployment is deleted
            from every cell.
          </Typography>
        </FormDialog>
      </InfoCard>
      {slbInstalled && (
        <Box mt={3}>
          <DomainsCard app={app.name} />
        </Box>
      )}
    </>
  );
}

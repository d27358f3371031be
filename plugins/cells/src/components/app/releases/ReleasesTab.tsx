import { useEffect, useRef, useState } from 'react';
import {
  ErrorPanel,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  Release,
  ReleaseActionRequest,
} from '@cellport/plugin-cells-common';
import { Box, Button, Grid, Typography } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { cellsApiRef } from '../../../api';
import { RelativeTime, UserDisplay } from '@cellport/plugin-access-react';
import { StateLabel } from '../../shared/StateLabel';
import { ShowMore } from '../../shared/ShowMore';
import { useBusy } from '../../shared/useBusy';
import { usePagedList } from '../../shared/usePagedList';
import { useAppContext } from '../AppContext';
import { isLive } from './releaseActions';
import { CanaryShare } from './CanaryShare';
import { ReleaseTimeline } from './ReleaseTimeline';
import { startBlockedReason } from './releaseStart';
import { StartReleaseButton } from './StartReleaseButton';

/** How often a live release is polled. */
export const RELEASE_POLL_MS = 2000;

/** How many releases the list shows before "Show more releases". */
export const RELEASES_PAGE_SIZE = 20;

/**
 * One release with its timeline, polled every {@link RELEASE_POLL_MS} while it is live; polling
 * stops once it is final.
 */
export function ReleaseDetails(props: {
  releaseId: string;
  onChanged(): void;
  pollMs?: number;
}) {
  const { app, permissions, revision } = useAppContext();
  const api = useApi(cellsApiRef);
  const state = useAsyncRetry(async () => {
    const [release, events] = await Promise.all([
      api.getRelease(app.name, props.releaseId),
      api.listReleaseEvents(app.name, props.releaseId),
    ]);
    // while it is live: how many pods of each touched cell already run the new version
    const overview = isLive(release)
      ? await api.getOverview(app.name).catch(() => undefined)
      : undefined;
    return { release, events, overview };
  }, [api, app.name, props.releaseId, revision]);
  const live = state.value ? isLive(state.value.release) : true;
  useInterval(state.retry, live ? props.pollMs ?? RELEASE_POLL_MS : null);

  // tell the page when the release ends here, so that the app's cells and versions reload
  const wasLive = useRef(false);
  const { onChanged } = props;
  useEffect(() => {
    if (!state.value) {
      return;
    }
    const nowLive = isLive(state.value.release);
    if (wasLive.current && !nowLive) {
      onChanged();
    }
    wasLive.current = nowLive;
  }, [state.value, onChanged]);

  const action = useBusy();
  const onAction = (request: ReleaseActionRequest) =>
    action.run(async () => {
      await api.releaseAction(app.name, props.releaseId, request);
      state.retry();
    });

  if (!state.value) {
    return state.error ? (
      <ErrorPanel error={state.error} title="Could not load the release" />
    ) : (
      <Progress />
    );
  }
  return (
    <>
      {state.error && (
        <Typography color="error" variant="caption">
          Last refresh failed: {state.error.message}
        </Typography>
      )}
      {state.value.overview && (
        <CanaryShare
          release={state.value.release}
          overview={state.value.overview}
        />
      )}
      <ReleaseTimeline
        release={state.value.release}
        events={state.value.events}
        canManage={permissions.release}
        busy={action.busy}
        error={action.error}
        onAction={onAction}
      />
    </>
  );
}

/**
 * The app's releases, newest first, and the chosen one's timeline (the newest by default), with
 * "Start release" for users who may manage releases.
 */
export function ReleasesTab(props: { pollMs?: number }) {
  const { app, permissions, revision, refresh, openStartRelease, liveRelease } =
    useAppContext();
  const api = useApi(cellsApiRef);
  // a page at a time, newest first ("Show more releases" reads older ones)
  const releases = usePagedList(
    cursor =>
      api.listReleasesPage(app.name, { limit: RELEASES_PAGE_SIZE, cursor }),
    [api, app.name, revision],
  );
  const [selected, setSelected] = useState<string>();
  const anyLive = (releases.items ?? []).some(isLive);
  useInterval(releases.reload, anyLive ? props.pollMs ?? RELEASE_POLL_MS : null);

  const current = selected ?? releases.items?.[0]?.id;
  const columns: TableColumn<Release>[] = [
    {
      title: 'Version',
      field: 'version',
      render: r => (
        <Button
          size="small"
          color={r.id === current ? 'primary' : 'default'}
          onClick={() => setSelected(r.id)}
          aria-label={`Show release ${r.id}`}
        >
          {r.version}
        </Button>
      ),
    },
    { title: 'State', render: r => <StateLabel state={r.state} /> },
    {
      title: 'Step',
      render: r =>
        `${Math.min(r.currentStep + 1, r.steps.length)} / ${r.steps.length}`,
    },
    {
      title: 'Started by',
      render: r => <UserDisplay entityRef={r.createdBy} />,
    },
    { title: 'Started', render: r => <RelativeTime value={r.createdAt} /> },
    {
      title: 'Finished',
      render: r => <RelativeTime value={r.finishedAt} empty="—" />,
    },
  ];

  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <Box display="flex" justifyContent="space-between" alignItems="center">
          <Typography variant="h6">Releases</Typography>
          {permissions.release && (
            <StartReleaseButton
              blockedReason={startBlockedReason(liveRelease)}
              onClick={() => openStartRelease()}
            />
          )}
        </Box>
      </Grid>
      {releases.loading && !releases.items && (
        <Grid item xs={12}>
          <Progress />
        </Grid>
      )}
      {releases.error && !releases.items && (
        <Grid item xs={12}>
          <ErrorPanel
            error={releases.error}
            title="Could not load the releases"
          />
        </Grid>
      )}
      {releases.items && releases.items.length === 0 && (
        <Grid item xs={12}>
          <Typography>No release yet.</Typography>
        </Grid>
      )}
      {current && (
        <Grid item xs={12}>
          <ReleaseDetails
            key={current}
            releaseId={current}
            onChanged={refresh}
            pollMs={props.pollMs}
          />
        </Grid>
      )}
      {releases.items && releases.items.length > 0 && (
        <Grid item xs={12}>
          <Table
            title="All releases"
            // the pages are the server's: "Show more releases" below reads the next one
            options={{ paging: false, search: false, padding: 'dense' }}
            columns={columns}
            data={releases.items}
          />
          <ShowMore
            list={releases}
            what="releases"
            testId="releases-show-more"
          />
        </Grid>
      )}
    </Grid>
  );
}

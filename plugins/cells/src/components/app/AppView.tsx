import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorPanel, Progress, RoutedTabs } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { MembersPanel } from '@cellport/plugin-access-react';
import type { Release } from '@cellport/plugin-cells-common';
import { Box, Button, Chip, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { cellsApiRef } from '../../api';
import { ComponentLink } from '../shared/ComponentLink';
import { statusOf } from '../shared/format';
import { AppContext, AppContextValue } from './AppContext';
import { EventsTab } from './events/EventsTab';
import { OverviewTab } from './overview/OverviewTab';
import { PodsTab } from './pods/PodsTab';
import { isLive } from './releases/releaseActions';
import { ReleasesTab } from './releases/ReleasesTab';
import { servedEverywhere, startBlockedReason } from './releases/releaseStart';
import { StartReleaseButton } from './releases/StartReleaseButton';
import { StartReleaseDialog } from './releases/StartReleaseDialog';
import { SettingsTab } from './settings/SettingsTab';
import { NewVersionDialog } from './versions/NewVersionDialog';

/** How often the app itself (current version, drift) refreshes. */
export const APP_POLL_MS = 15_000;

/** Props of {@link AppView}. */
export interface AppViewProps {
  /** The app's name. */
  name: string;
  /** Called once the app was deleted; default: the view says so. */
  onDeleted?: () => void;
}

/**
 * One app: a header with the actions the user may take (from `GET /apps/:app/permissions`), and
 * the tabs Overview (cells × versions), Releases, Pods, Events, Members and Settings as routes
 * relative to where the view is mounted.
 */
export function AppView(props: AppViewProps) {
  const { name } = props;
  const api = useApi(cellsApiRef);
  const navigate = useNavigate();
  const [revision, setRevision] = useState(0);
  const [newVersionOpen, setNewVersionOpen] = useState(false);
  const [startRelease, setStartRelease] = useState<{ version?: string }>();
  const [notice, setNotice] = useState<string>();
  const [createdVersion, setCreatedVersion] = useState<string>();
  const [deleted, setDeleted] = useState(false);

  const state = useAsyncRetry(async () => {
    const [app, permissions, releases] = await Promise.all([
      api.getApp(name),
      api.getAppPermissions(name),
      api.listReleases(name).catch(() => [] as Release[]),
    ]);
    return { app, permissions, liveRelease: releases.find(isLive) };
  }, [api, name, revision]);
  useInterval(state.retry, deleted ? null : APP_POLL_MS);

  const refresh = useCallback(() => setRevision(r => r + 1), []);
  // `?deployImage=<image>` (the builds plugin's "Deploy as new version") opens the new version
  // dialog prefilled with that image, for users who may deploy
  const [searchParams, setSearchParams] = useSearchParams();
  const deployImage = searchParams.get('deployImage') ?? undefined;
  const mayDeploy = Boolean(state.value?.permissions.deploy);
  useEffect(() => {
    if (deployImage && mayDeploy) setNewVersionOpen(true);
  }, [deployImage, mayDeploy]);
  const closeNewVersion = () => {
    setNewVersionOpen(false);
    if (deployImage) {
      setSearchParams(
        params => {
          params.delete('deployImage');
          return params;
        },
        { replace: true },
      );
    }
  };
  const context = useMemo<AppContextValue | undefined>(
    () =>
      state.value && {
        ...state.value,
        revision,
        refresh,
        openNewVersion: () => setNewVersionOpen(true),
        openStartRelease: (version?: string) => setStartRelease({ version }),
      },
    [state.value, revision, refresh],
  );

  if (deleted) {
    return <Alert severity="success">The app {name} was deleted.</Alert>;
  }
  if (!context) {
    if (!state.error) {
      return <Progress />;
    }
    const status = statusOf(state.error);
    if (status === 404 || status === 403) {
      return (
        <Alert severity="warning" data-testid="app-missing">
          The app <code>{name}</code> does not exist, or you are not one of its
          members.
        </Alert>
      );
    }
    return <ErrorPanel error={state.error} title="Could not load the app" />;
  }

  const { app, permissions } = context;
  const onDeleted = () => {
    if (props.onDeleted) {
      props.onDeleted();
    } else {
      setDeleted(true);
    }
  };

  return (
    <AppContext.Provider value={context}>
      <Box px={3} pt={2} data-testid="app-header">
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 8 }}
        >
          <Typography variant="h5">{app.name}</Typography>
          {app.production && (
            <Chip size="small" color="primary" label="production" />
          )}
          <Chip size="small" label={`region ${app.region}`} />
          <Chip
            size="small"
            label={`current version ${app.currentVersion ?? 'none'}`}
          />
          {app.cells.some(c => c.drifted) && (
            <Chip size="small" color="secondary" label="drifted cells" />
          )}
          <Box flexGrow={1} />
          {permissions.deploy && (
            <Button
              variant="outlined"
              color="primary"
              onClick={() => setNewVersionOpen(true)}
            >
              New version
            </Button>
          )}
          {permissions.release && (
            <StartReleaseButton
              blockedReason={startBlockedReason(context.liveRelease)}
              onClick={() => setStartRelease({})}
            />
          )}
        </Box>
        <Typography variant="body2" color="textSecondary" component="div">
          {app.description}
          {app.componentRef && (
            <>
              {app.description ? ' · ' : ''}
              component <ComponentLink entityRef={app.componentRef} />
            </>
          )}
          {app.imageRepository && ` · images ${app.imageRepository}`}
        </Typography>
        {notice && (
          <Box mt={1}>
            <Alert
              severity="success"
              onClose={() => setNotice(undefined)}
              action={
                permissions.release &&
                createdVersion &&
                !servedEverywhere(app, createdVersion) &&
                !context.liveRelease ? (
                  <Button
                    color="inherit"
                    size="small"
                    onClick={() => {
                      setNotice(undefined);
                      setStartRelease({ version: createdVersion });
                    }}
                  >
                    Start release
                  </Button>
                ) : undefined
              }
            >
              {notice}
            </Alert>
          </Box>
        )}
      </Box>
      <RoutedTabs
        routes={[
          { path: '/', title: 'Overview', children: <OverviewTab /> },
          { path: '/releases', title: 'Releases', children: <ReleasesTab /> },
          { path: '/pods', title: 'Pods', children: <PodsTab /> },
          { path: '/events', title: 'Events', children: <EventsTab /> },
          {
            path: '/members',
            title: 'Members',
            children: (
              <MembersPanel
                kind="app"
                name={app.name}
                pluginId="cells"
                basePath={`/apps/${encodeURIComponent(app.name)}`}
              />
            ),
          },
          {
            path: '/settings',
            title: 'Settings',
            children: <SettingsTab onDeleted={onDeleted} />,
          },
        ]}
      />
      <NewVersionDialog
        open={newVersionOpen}
        app={app}
        initialImage={deployImage}
        onClose={closeNewVersion}
        onCreated={version => {
          closeNewVersion();
          setCreatedVersion(version.name);
          setNotice(
            app.cells.some(c => c.stableVersion)
              ? `Version ${version.name} was created. Cells that serve a stable version move to it through a release.`
              : `Version ${version.name} was created and deployed to the app's cells.`,
          );
          refresh();
        }}
      />
      <StartReleaseDialog
        open={Boolean(startRelease)}
        app={app}
        version={startRelease?.version}
        liveRelease={context.liveRelease}
        onClose={() => setStartRelease(undefined)}
        onStarted={() => {
          setStartRelease(undefined);
          // the "version created, start a release" notice has been answered
          setNotice(undefined);
          setCreatedVersion(undefined);
          refresh();
          navigate('releases');
        }}
      />
    </AppContext.Provider>
  );
}

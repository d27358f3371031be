import { Route, Routes, useParams } from 'react-router-dom';
import { Content, ContentHeader, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { List, ListItem, ListItemText, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { errorMessage } from '@cellport/plugin-access-react';
import useAsync from 'react-use/esm/useAsync';
import { observabilityApiRef } from '../api';
import { AppObservability } from './AppObservability';

function AppsList() {
  const api = useApi(observabilityApiRef);
  const apps = useAsync(() => api.listApps(), [api]);
  return (
    <Content>
      <ContentHeader title="Observability" />
      {apps.loading && <Progress />}
      {apps.error && <Alert severity="error">{errorMessage(apps.error)}</Alert>}
      {apps.value?.length === 0 && (
        <Typography color="textSecondary">You are not a member of any app yet.</Typography>
      )}
      <List>
        {apps.value?.map(app => (
          <ListItem key={app} button component={Link} to={app}>
            <ListItemText primary={app} secondary="Dashboards and alerts" />
          </ListItem>
        ))}
      </List>
    </Content>
  );
}

function AppPage() {
  const { app = '' } = useParams();
  return (
    <Content>
      <ContentHeader title={`Observability of ${app}`} />
      <AppObservability key={app} app={app} />
    </Content>
  );
}

/** The observability page: the user's apps, and one page per app (`/:app`). */
export function ObservabilityRouter() {
  return (
    <Routes>
      <Route path="/" element={<AppsList />} />
      <Route path="/:app" element={<AppPage />} />
    </Routes>
  );
}

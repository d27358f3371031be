import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ErrorPanel, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Button, TextField } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { cellsApiRef } from '../../api';
import { appMatches, AppsTable } from './AppsTable';
import { CreateAppDialog } from './CreateAppDialog';
import { GettingStarted } from './GettingStarted';

/** The user's apps with a search box and "Create app"; a new app opens its page. */
export function AppsHome() {
  const api = useApi(cellsApiRef);
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const apps = useAsyncRetry(() => api.listApps(), [api]);

  return (
    <>
      <Box display="flex" alignItems="center" mb={2} style={{ gap: 16 }}>
        <TextField
          id="apps-search"
          label="Search apps"
          value={query}
          onChange={e => setQuery(e.target.value)}
          variant="outlined"
          size="small"
          style={{ flexGrow: 1 }}
        />
        <Button
          variant="contained"
          color="primary"
          onClick={() => setCreating(true)}
        >
          Create app
        </Button>
      </Box>
      {apps.loading && !apps.value && <Progress />}
      {apps.error && (
        <ErrorPanel error={apps.error} title="Could not load your apps" />
      )}
      {apps.value && apps.value.length === 0 && !query && (
        <GettingStarted onCreate={() => setCreating(true)} />
      )}
      {apps.value && (
        <AppsTable apps={apps.value.filter(a => appMatches(a, query))} />
      )}
      <CreateAppDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={app => {
          setCreating(false);
          apps.retry();
          navigate(app.name);
        }}
      />
    </>
  );
}

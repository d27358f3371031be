import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ErrorPanel, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Button, TextField } from '@material-ui/core';
import useDebounce from 'react-use/esm/useDebounce';
import { cellsApiRef } from '../../api';
import { ShowMore } from '../shared/ShowMore';
import { usePagedList } from '../shared/usePagedList';
import { AppsTable } from './AppsTable';
import { CreateAppDialog } from './CreateAppDialog';
import { GettingStarted } from './GettingStarted';

/** How many apps a page of the list shows. */
export const APPS_PAGE_SIZE = 25;

/** The longest search the server takes (`q` of `GET /apps`). */
const MAX_QUERY = 63;

/**
 * The user's apps a page at a time ("Show more apps" reads the next), with a search by name
 * (done by the server, so apps past the first page are found too) and "Create app"; a new app
 * opens its page.
 */
export function AppsHome() {
  const api = useApi(cellsApiRef);
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  useDebounce(() => setQ(query.trim().slice(0, MAX_QUERY)), 300, [query]);
  const apps = usePagedList(
    cursor =>
      api.listAppsPage({ q: q || undefined, limit: APPS_PAGE_SIZE, cursor }),
    [api, q],
  );

  return (
    <>
      <Box display="flex" alignItems="center" mb={2} style={{ gap: 16 }}>
        <TextField
          id="apps-search"
          label="Search apps by name"
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
      {apps.loading && !apps.items && <Progress />}
      {apps.error && !apps.items && (
        <ErrorPanel error={apps.error} title="Could not load your apps" />
      )}
      {apps.items && apps.items.length === 0 && !q && !query && (
        <GettingStarted onCreate={() => setCreating(true)} />
      )}
      {apps.items && (
        <AppsTable apps={apps.items} loading={apps.loading} />
      )}
      <ShowMore list={apps} what="apps" testId="apps-show-more" />
      <CreateAppDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={app => {
          setCreating(false);
          apps.reload();
          navigate(app.name);
        }}
      />
    </>
  );
}

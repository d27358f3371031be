import { Link, Table, TableColumn } from '@backstage/core-components';
import type { App } from '@cellport/plugin-cells-common';
import { Box, Chip, Tooltip, Typography } from '@material-ui/core';
import { ComponentLink } from '../shared/ComponentLink';

const columns: TableColumn<App>[] = [
  {
    title: 'Name',
    field: 'name',
    render: app => (
      <>
        {/* an app name is one word: it never wraps at its hyphens */}
        <Link
          to={app.name}
          data-testid={`app-link-${app.name}`}
          style={{ whiteSpace: 'nowrap' }}
        >
          {app.name}
        </Link>{' '}
        {app.production && <Chip size="small" label="production" />}
        {app.description && (
          <Typography variant="caption" display="block" color="textSecondary">
            {app.description}
          </Typography>
        )}
      </>
    ),
  },
  { title: 'Region', field: 'region' },
  {
    title: 'Cells (stable version)',
    render: app => (
      <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
        {app.cells.map(c => (
          <Chip
            key={c.cell}
            size="small"
            variant={c.drifted ? 'default' : 'outlined'}
            color={c.drifted ? 'secondary' : 'default'}
            label={`${c.cell}: ${c.stableVersion ?? 'none'}`}
          />
        ))}
      </Box>
    ),
  },
  {
    // the drift sits under the current version it departs from (one column fewer: the table fits
    // a 1024 px screen)
    title: 'Current version',
    field: 'currentVersion',
    render: app => {
      const drifted = app.cells.filter(c => c.drifted);
      return (
        <>
          <Typography variant="body2">{app.currentVersion ?? '—'}</Typography>
          {drifted.length > 0 && (
            <Tooltip
              title={`${drifted
                .map(c => `${c.cell} serves ${c.stableVersion ?? 'no version'}`)
                .join(', ')}; the app's current version is ${
                app.currentVersion ?? 'none'
              }`}
            >
              <Chip
                size="small"
                color="secondary"
                label={`drifted: ${drifted.map(c => c.cell).join(', ')}`}
                data-testid={`app-drifted-${app.name}`}
              />
            </Tooltip>
          )}
        </>
      );
    },
  },
  {
    title: 'Component',
    render: app => <ComponentLink entityRef={app.componentRef} />,
  },
];

/** The "My apps" table: one row per app read so far, the name linking to the app's page. */
export function AppsTable(props: { apps: App[]; loading?: boolean }) {
  return (
    <Table<App>
      title="My apps"
      subtitle="Apps you created or are a member of"
      isLoading={props.loading}
      // the pages are the server's: "Show more apps" below reads the next one
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={props.apps}
      emptyContent={
        <Typography style={{ padding: 16 }} data-testid="no-apps">
          No apps yet: create one, or ask an app's Owner to add you as a member.
        </Typography>
      }
    />
  );
}

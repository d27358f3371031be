import { Fragment, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Button, Grid, MenuItem, TextField, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Link,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { RelativeTime } from '@cellport/plugin-access-react';
import { GroupView } from '@cellport/plugin-slb-common';
import { DomainListItem, slbApiRef } from '../api';

/** A host name that may wrap after a dot, never inside a label. */
function breakAtDots(name: string) {
  return name.split(/(?<=\.)/).map((part, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      <span style={{ whiteSpace: 'nowrap' }}>{part}</span>
    </Fragment>
  ));
}

const domainColumns: TableColumn<DomainListItem>[] = [
  {
    title: 'Domain',
    render: d => (
      <>
        <Link to={`domains/${d.domain.name}`}>{breakAtDots(d.domain.name)}</Link>
        <Typography variant="caption" color="textSecondary" component="div">
          app {d.domain.app}
        </Typography>
      </>
    ),
  },
  {
    title: 'LB group / CNAME',
    render: d => (
      <>
        {d.domain.group}
        <Typography variant="caption" color="textSecondary" component="div">
          <code>{breakAtDots(d.cname)}</code>
        </Typography>
      </>
    ),
  },
  { title: 'Paths', render: d => d.domain.locations.map(l => l.path).join(' ') },
];

function GroupsCard({ groups }: { groups: GroupView[] }) {
  return (
    <InfoCard title="LB groups">
      {groups.map(g => (
        <div key={g.name} style={{ marginBottom: 8 }}>
          <Typography variant="subtitle2">
            {g.name} · region {g.region} · {g.visibility} · VIP {g.vip}
          </Typography>
          {g.error && <Alert severity="warning">{g.error}</Alert>}
          {g.agents.map(a => (
            <Typography key={a.host} variant="body2">
              {a.host} ({a.address}) at revision {a.revision}, {a.reloads} reloads, last report{' '}
              <RelativeTime value={a.updatedAt} />
              {a.lastError ? ` · error: ${a.lastError}` : ''}
            </Typography>
          ))}
          {!g.error && g.agents.length === 0 && (
            <Typography variant="body2">No live host.</Typography>
          )}
        </div>
      ))}
    </InfoCard>
  );
}

function CreateDomainCard(props: { groups: GroupView[] }) {
  const api = useApi(slbApiRef);
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [app, setApp] = useState('');
  const [group, setGroup] = useState(props.groups[0]?.name ?? '');
  const [path, setPath] = useState('/');
  const [port, setPort] = useState('8080');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.createDomain({
        name: name.trim(),
        app: app.trim(),
        group,
        locations: [{ path: path.trim(), app: app.trim(), port: Number(port) }],
      });
      navigate(`domains/${name.trim()}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <InfoCard title="New domain">
      <Grid container spacing={2}>
        <Grid item xs={12} sm={6}>
          <TextField fullWidth label="Domain" placeholder="shop.example.com" value={name} onChange={e => setName(e.target.value)} inputProps={{ 'aria-label': 'Domain' }} />
        </Grid>
        <Grid item xs={12} sm={6}>
          <TextField fullWidth label="App" value={app} onChange={e => setApp(e.target.value)} inputProps={{ 'aria-label': 'App' }} />
        </Grid>
        <Grid item xs={12} sm={4}>
          <TextField fullWidth select label="LB group" value={group} onChange={e => setGroup(e.target.value)}>
            {props.groups.map(g => (
              <MenuItem key={g.name} value={g.name}>
                {g.name}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={6} sm={4}>
          <TextField fullWidth label="Path" value={path} onChange={e => setPath(e.target.value)} />
        </Grid>
        <Grid item xs={6} sm={4}>
          <TextField fullWidth label="App port" value={port} onChange={e => setPort(e.target.value)} />
        </Grid>
        <Grid item xs={12}>
          <Button variant="contained" color="primary" disabled={busy || !name || !app || !group} onClick={submit}>
            Create domain
          </Button>
        </Grid>
        {error && (
          <Grid item xs={12}>
            <Alert severity="error">{error}</Alert>
          </Grid>
        )}
      </Grid>
    </InfoCard>
  );
}

/** The domains the user may see, the LB groups with their hosts, and the create form. */
export function DomainsList() {
  const api = useApi(slbApiRef);
  const state = useAsyncRetry(async () => {
    const [domains, groups] = await Promise.all([api.listDomains(), api.listGroups()]);
    return { domains, groups };
  }, [api]);
  if (state.loading && !state.value) return <Progress />;
  if (state.error) return <Alert severity="error">{state.error.message}</Alert>;
  const { domains, groups } = state.value!;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Table
          title="Domains"
          options={{ paging: false, search: false, padding: 'dense' }}
          columns={domainColumns}
          data={domains}
          emptyContent={<Typography style={{ padding: 16 }}>No domain of your apps yet.</Typography>}
        />
      </Grid>
      <Grid item xs={12} lg={8}>
        <CreateDomainCard groups={groups} />
      </Grid>
      <Grid item xs={12} lg={4}>
        <GroupsCard groups={groups} />
      </Grid>
    </Grid>
  );
}

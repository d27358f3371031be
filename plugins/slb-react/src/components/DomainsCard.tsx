import { Fragment, useEffect } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Box, Chip, Link, Tooltip, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { DomainView } from '@cellport/plugin-slb-common';
import { slbApiRef } from '../api';
import { slbRootRouteRef } from '../routes';
import { convergenceOf } from './convergence';

/** Props of {@link DomainsCard}. @public */
export interface DomainsCardProps {
  /** The app whose domains to show. */
  app: string;
  /** How often the card reads the domains again (ms; default 5000, 0: never). */
  refreshMs?: number;
}

/** The slb pages' root, or undefined when no slb page is mounted in this portal. */
function useSlbRoot(): string | undefined {
  try {
    // throws when the route is not bound (no slb page in the app)
    return useRouteRef(slbRootRouteRef)();
  } catch {
    return undefined;
  }
}

/** A host name that may wrap after its dots, never inside a label. */
function BreakAtDots({ text }: { text: string }) {
  const parts = text.split('.');
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          <span style={{ whiteSpace: 'nowrap' }}>
            {part}
            {i < parts.length - 1 ? '.' : ''}
          </span>
          {i < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </>
  );
}

function Convergence({ view }: { view: DomainView }) {
  const c = convergenceOf(view);
  const color = c.level === 'converged' ? 'primary' : 'default';
  const chip = (
    <Chip
      size="small"
      color={color}
      label={c.label}
      style={
        c.level === 'error'
          ? { background: '#c62828', color: '#fff' }
          : undefined
      }
    />
  );
  return c.detail ? (
    <Tooltip title={<span style={{ whiteSpace: 'pre-wrap' }}>{c.detail}</span>}>
      {chip}
    </Tooltip>
  ) : (
    chip
  );
}

/**
 * An app's domains at a glance: each domain with its LB group, the CNAME and VIP to point DNS at,
 * its upstream servers and the hosts' convergence, linking to the domain's page. Needs the slb
 * API (`slbApiRef`, registered by the slb plugin).
 *
 * @public
 */
export function DomainsCard(props: DomainsCardProps) {
  const { app, refreshMs = 5000 } = props;
  const api = useApi(slbApiRef);
  const root = useSlbRoot();
  const link = root
    ? (name: string) => `${root}/domains/${encodeURIComponent(name)}`
    : undefined;
  const state = useAsyncRetry(async () => {
    const items = await api.listDomains(app);
    return Promise.all(items.map(i => api.getDomain(i.domain.name)));
  }, [api, app]);
  const { retry } = state;
  useEffect(() => {
    if (!refreshMs) return undefined;
    const t = setInterval(retry, refreshMs);
    return () => clearInterval(t);
  }, [retry, refreshMs]);

  const columns: TableColumn<DomainView>[] = [
    {
      title: 'Domain',
      render: v => (
        <>
          {link ? (
            <Link component={RouterLink} to={link(v.domain.name)}>
              <BreakAtDots text={v.domain.name} />
            </Link>
          ) : (
            <BreakAtDots text={v.domain.name} />
          )}
          <Typography variant="caption" color="textSecondary" component="div">
            LB group {v.group.name} ({v.group.visibility})
          </Typography>
        </>
      ),
    },
    {
      title: 'CNAME / VIP',
      render: v => (
        <>
          <code>
            <BreakAtDots text={v.cname} />
          </code>
          <Typography variant="caption" color="textSecondary" component="div">
            VIP {v.vip}
          </Typography>
        </>
      ),
    },
    {
      title: 'Servers',
      render: v => {
        const servers = v.upstreams.flatMap(u => u.servers);
        const cells = new Set(servers.map(s => s.cell));
        return (
          <span style={{ whiteSpace: 'nowrap' }}>
            {servers.length} in {cells.size}{' '}
            {cells.size === 1 ? 'cell' : 'cells'}
          </span>
        );
      },
    },
    { title: 'Convergence', render: v => <Convergence view={v} /> },
  ];

  let body;
  if (state.loading && !state.value) {
    body = <Progress />;
  } else if (state.error && !state.value) {
    body = <Alert severity="error">{state.error.message}</Alert>;
  } else if (state.value!.length === 0) {
    body = (
      <Typography variant="body2" color="textSecondary">
        No domain routes to this app yet.
        {root && (
          <>
            {' '}
            Create one on the{' '}
            <Link component={RouterLink} to={root}>
              Domains
            </Link>{' '}
            page.
          </>
        )}
      </Typography>
    );
  } else {
    body = (
      <>
        {state.error && <Alert severity="warning">{state.error.message}</Alert>}
        <Table
          options={{
            paging: false,
            search: false,
            toolbar: false,
            padding: 'dense',
          }}
          columns={columns}
          data={state.value!}
        />
      </>
    );
  }
  return (
    <InfoCard title="Domains" subheader="Reached through the Nginx LB groups">
      <Box>{body}</Box>
    </InfoCard>
  );
}

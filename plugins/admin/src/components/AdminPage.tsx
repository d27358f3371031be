/**
 * The platform admin view: operations per day and the latest failures, cell capacity per region,
 * quotas per owner group and LB special configuration. Members of `cellport.platformAdminGroup`
 * only; everyone else gets the "page not found" of an unknown page, as the admin routes answer 404.
 */
import { useState } from 'react';
import { Grid, MenuItem, TextField } from '@material-ui/core';
import { Content, ContentHeader, ErrorPage, Header, Page, Progress } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { adminViewPermission } from '@cellport/plugin-access-common';
import { CapacityCard } from './CapacityCard';
import { FailuresCard } from './FailuresCard';
import { mergeOperations } from './mergeOperations';
import { OperationsCard } from './OperationsCard';
import { QuotasCard } from './QuotasCard';
import { SpecialConfigsCard } from './SpecialConfigsCard';
import { useAdminData } from './useAdminData';

const WINDOWS = [7, 30, 90];

function AdminContent() {
  const [days, setDays] = useState(30);
  const data = useAdminData(days, true);
  if (data.loading) return <Progress />;
  const errors = [
    { source: 'Deploys, releases, rollbacks, scalings (cells)', error: data.cells.error },
    { source: 'Pushes (registry)', error: data.registry.error },
    { source: 'Builds', error: data.builds.error },
  ].filter(e => e.error);
  const operations = mergeOperations({
    cells: data.cells.value?.days,
    registry: data.registry.value?.days,
    builds: data.builds.value?.days,
  });
  return (
    <>
      <ContentHeader title="Platform">
        <TextField
          select
          size="small"
          variant="outlined"
          label="Window"
          value={days}
          onChange={e => setDays(Number(e.target.value))}
          inputProps={{ 'data-testid': 'admin-window' }}
        >
          {WINDOWS.map(w => (
            <MenuItem key={w} value={w}>
              Last {w} days
            </MenuItem>
          ))}
        </TextField>
      </ContentHeader>
      <Grid container spacing={3}>
        <Grid item xs={12} lg={7}>
          <OperationsCard days={operations} windowDays={days} errors={errors} />
        </Grid>
        <Grid item xs={12} lg={5}>
          <CapacityCard regions={data.capacity.value?.regions} error={data.capacity.error} />
        </Grid>
        <Grid item xs={12}>
          <FailuresCard
            releases={data.cells.value?.failedReleases}
            releasesError={data.cells.error}
            builds={data.builds.value?.failedBuilds}
            buildsError={data.builds.error}
          />
        </Grid>
        <Grid item xs={12}>
          <QuotasCard
            quotas={data.quotas.value?.quotas}
            error={data.quotas.error}
            onSave={async (group, limits) => {
              await data.api.setQuota(group, limits);
              data.quotas.retry();
            }}
            onClear={async group => {
              await data.api.clearQuota(group);
              data.quotas.retry();
            }}
          />
        </Grid>
        <Grid item xs={12}>
          <SpecialConfigsCard
            items={data.special.value?.items}
            groupErrors={data.special.value?.errors}
            error={data.special.error}
          />
        </Grid>
      </Grid>
    </>
  );
}

/** The admin page. @public */
export function AdminPage() {
  const { loading, allowed } = usePermission({ permission: adminViewPermission });
  if (loading) return <Progress />;
  if (!allowed) return <ErrorPage status="404" statusMessage="PAGE NOT FOUND" />;
  return (
    <Page themeId="tool">
      <Header title="Platform admin" subtitle="Operations, capacity, quotas and LB special configuration" />
      <Content>
        <AdminContent />
      </Content>
    </Page>
  );
}

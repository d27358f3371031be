/** Quotas per owner group: use against limit; admins set or clear a group's quota. */
import { useState } from 'react';
import { Button, Card, CardContent, CardHeader, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { Table, TableColumn } from '@backstage/core-components';
import { errorMessage, RelativeTime, UserDisplay } from '@cellport/plugin-access-react';
import type { QuotaLimits, OwnerGroupQuota } from '../api';
import { formatBytes, formatCpu, usageText } from './format';
import { PartError } from './PartError';
import { QuotaDialog } from './QuotaDialog';

/** Props of {@link QuotasCard}. */
export interface QuotasCardProps {
  quotas?: OwnerGroupQuota[];
  error?: unknown;
  onSave(ownerGroup: string, limits: QuotaLimits): Promise<void>;
  onClear(ownerGroup: string): Promise<void>;
}

const over = (used: number, limit?: number) => limit !== undefined && used > limit;

function Usage(props: { used: number; limit?: number; format: (n: number) => string }) {
  return (
    <Typography
      variant="body2"
      color={over(props.used, props.limit) ? 'error' : 'textPrimary'}
      style={{ whiteSpace: 'nowrap' }}
    >
      {usageText(props.used, props.limit, props.format)}
    </Typography>
  );
}

/** The quotas table and its dialog. */
export function QuotasCard(props: QuotasCardProps) {
  const [editing, setEditing] = useState<OwnerGroupQuota | 'new'>();
  const [clearError, setClearError] = useState<string>();
  const clear = async (group: string) => {
    setClearError(undefined);
    try {
      await props.onClear(group);
    } catch (e) {
      setClearError(errorMessage(e));
    }
  };
  const columns: TableColumn<OwnerGroupQuota>[] = [
    { title: 'Owner group', render: q => <UserDisplay entityRef={q.ownerGroup} hideAvatar /> },
    { title: 'Apps', render: q => <Usage used={q.usage.apps} limit={q.limits.apps} format={String} /> },
    { title: 'CPU requests', render: q => <Usage used={q.usage.cpuMillis} limit={q.limits.cpuMillis} format={formatCpu} /> },
    {
      title: 'Memory requests',
      render: q => <Usage used={q.usage.memoryBytes} limit={q.limits.memoryBytes} format={formatBytes} />,
    },
    {
      title: 'Set by',
      render: q =>
        q.updatedBy ? (
          <>
            <UserDisplay entityRef={q.updatedBy} hideAvatar />
            <Typography variant="caption" color="textSecondary" display="block">
              <RelativeTime value={q.updatedAt} />
            </Typography>
          </>
        ) : (
          <Typography variant="body2" color="textSecondary">
            No quota
          </Typography>
        ),
    },
    {
      title: '',
      render: q => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <Button size="small" color="primary" onClick={() => setEditing(q)} data-testid={`quota-edit-${q.ownerGroup}`}>
            Set
          </Button>
          {Object.keys(q.limits).length > 0 && (
            <Button size="small" onClick={() => clear(q.ownerGroup)} data-testid={`quota-clear-${q.ownerGroup}`}>
              Clear
            </Button>
          )}
        </span>
      ),
    },
  ];
  return (
    <Card>
      <CardHeader
        title="Quotas per owner group"
        subheader="Apps and the CPU and memory requests of their deployed versions, across every cell"
        action={
          <Button variant="outlined" color="primary" onClick={() => setEditing('new')} data-testid="quota-new">
            Set a quota
          </Button>
        }
      />
      <CardContent>
        <PartError source="Quotas (cells)" error={props.error} />
        {clearError && (
          <Alert severity="error" style={{ marginBottom: 8 }}>
            {clearError}
          </Alert>
        )}
        <Table<OwnerGroupQuota>
          options={{ paging: false, search: false, padding: 'dense', toolbar: false }}
          columns={columns}
          data={props.quotas ?? []}
          emptyContent={<Typography style={{ padding: 16 }}>No owner group has apps or a quota yet.</Typography>}
        />
      </CardContent>
      {editing && (
        <QuotaDialog
          row={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSave={async (group, limits) => {
            await props.onSave(group, limits);
            setEditing(undefined);
          }}
        />
      )}
    </Card>
  );
}

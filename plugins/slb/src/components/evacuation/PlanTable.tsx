/** What evacuating a cell does, per app: replicas moved to which cells, and what cannot move. */
import { Table, TableColumn } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import { AppEvacuationPlan, EvacuationPlan } from '@cellport/plugin-slb-common';

const columns: TableColumn<AppEvacuationPlan>[] = [
  {
    title: 'App',
    render: a => (
      <>
        <div>{a.app}</div>
        <Typography variant="caption" color="textSecondary">
          {a.version ?? 'no stable version'}
        </Typography>
      </>
    ),
  },
  { title: 'Servers', field: 'servers', type: 'numeric' },
  { title: 'To carry', field: 'replicas', type: 'numeric' },
  {
    title: 'Carried by',
    // what cannot be carried sits under the cells that carry the rest: one column less, so the
    // notes keep their width at 1024 px
    render: a => (
      <>
        {a.targets.length === 0 && a.uncarried === 0 ? '—' : null}
        {a.targets.map(t => (
          <div key={t.cell} style={{ whiteSpace: 'nowrap' }}>
            {t.cell}: {t.from} → {t.to}
          </div>
        ))}
        {a.uncarried > 0 && (
          <Typography variant="body2" color="error" style={{ whiteSpace: 'nowrap' }}>
            {a.uncarried} not carried
          </Typography>
        )}
      </>
    ),
  },
  {
    title: 'Notes',
    // wraps between words only; wide enough for a sentence per line or two
    cellStyle: { minWidth: 220, overflowWrap: 'normal', wordBreak: 'normal' },
    render: a => a.notes.map((n, i) => <Typography key={i} variant="body2">{n}</Typography>),
  },
];

/** The plan as a table. */
export function PlanTable(props: { plan: EvacuationPlan; title?: string }) {
  const { plan } = props;
  return (
    <Table
      title={props.title ?? `Plan: evacuate ${plan.cell} (region ${plan.region}; LB groups ${plan.groups.join(', ')})`}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={plan.apps}
      emptyContent={<Typography style={{ padding: 16 }}>No app has servers in cell {plan.cell}.</Typography>}
    />
  );
}

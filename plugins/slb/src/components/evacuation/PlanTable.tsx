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
    render: a =>
      a.targets.length === 0
        ? '—'
        : a.targets.map(t => (
            <div key={t.cell} style={{ whiteSpace: 'nowrap' }}>
              {t.cell}: {t.from} → {t.to}
            </div>
          )),
  },
  {
    title: 'Not carried',
    type: 'numeric',
    render: a => (a.uncarried > 0 ? <Typography color="error">{a.uncarried}</Typography> : '0'),
  },
  {
    title: 'Notes',
    cellStyle: { minWidth: 280 },
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

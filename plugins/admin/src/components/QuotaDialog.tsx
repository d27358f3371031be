/** Set an owner group's quota: apps, CPU requests (millicores) and memory requests (MiB); empty = no limit. */
import { useState } from 'react';
import { TextField } from '@material-ui/core';
import { FormDialog } from '@cellport/plugin-access-react';
import type { QuotaLimits, OwnerGroupQuota } from '../api';

const MIB = 1024 * 1024;

/** Props of {@link QuotaDialog}. */
export interface QuotaDialogProps {
  /** The row to change; a new owner group is typed in when absent. */
  row?: OwnerGroupQuota;
  onClose(): void;
  /** Saves; a rejection is shown in the dialog as the server sent it. */
  onSave(ownerGroup: string, limits: QuotaLimits): Promise<void>;
}

const text = (n: number | undefined, scale = 1) => (n === undefined ? '' : String(n / scale));

/** A non-negative whole number, or undefined for an empty field; NaN for anything else. */
function parseLimit(value: string, scale = 1): number | undefined {
  if (value.trim() === '') return undefined;
  return /^\d+$/.test(value.trim()) ? Number(value.trim()) * scale : NaN;
}

/** The quota form. */
export function QuotaDialog(props: QuotaDialogProps) {
  const { row, onClose, onSave } = props;
  const [group, setGroup] = useState(row?.ownerGroup ?? '');
  const [apps, setApps] = useState(text(row?.limits.apps));
  const [cpu, setCpu] = useState(text(row?.limits.cpuMillis));
  const [memory, setMemory] = useState(text(row?.limits.memoryBytes, MIB));
  const parsed = { apps: parseLimit(apps), cpuMillis: parseLimit(cpu), memoryBytes: parseLimit(memory, MIB) };
  const bad = (v: number | undefined) => v !== undefined && Number.isNaN(v);
  const ownerGroup = group.includes(':') ? group.trim() : `group:default/${group.trim()}`;
  const limits = Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined)) as QuotaLimits;
  return (
    <FormDialog
      open
      title={row ? `Quota of ${row.ownerGroup}` : 'Set a quota'}
      submitLabel="Save quota"
      submitTestId="quota-save"
      errorTestId="quota-error"
      onClose={onClose}
      onSubmit={() => onSave(ownerGroup, limits)}
      invalid={!group.trim() || Object.values(parsed).some(bad)}
    >
      <TextField
        id="quota-group"
        label="Owner group"
        value={group}
        onChange={e => setGroup(e.target.value)}
        disabled={!!row}
        fullWidth
        margin="dense"
        helperText="A catalog group, e.g. team-a or group:default/team-a"
      />
      <TextField
        id="quota-apps"
        label="Apps"
        value={apps}
        onChange={e => setApps(e.target.value)}
        error={bad(parsed.apps)}
        fullWidth
        margin="dense"
        helperText={bad(parsed.apps) ? 'A whole number, or empty for no limit' : 'Empty: no limit'}
      />
      <TextField
        id="quota-cpu"
        label="CPU requests (millicores)"
        value={cpu}
        onChange={e => setCpu(e.target.value)}
        error={bad(parsed.cpuMillis)}
        fullWidth
        margin="dense"
        helperText={bad(parsed.cpuMillis) ? 'A whole number of millicores, or empty' : '1000 = one core; empty: no limit'}
      />
      <TextField
        id="quota-memory"
        label="Memory requests (MiB)"
        value={memory}
        onChange={e => setMemory(e.target.value)}
        error={bad(parsed.memoryBytes)}
        fullWidth
        margin="dense"
        helperText={bad(parsed.memoryBytes) ? 'A whole number of MiB, or empty' : 'Empty: no limit'}
      />
    </FormDialog>
  );
}

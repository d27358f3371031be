import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { App, AppVersion } from '@cellport/plugin-cells-common';
import { FormDialog } from '@cellport/plugin-access-react';
import { Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { cellsApiRef } from '../../../api';
import { TextInput } from '../../shared/TextInput';

/** The version a new cell runs by default: the app's current one, else one its cells serve. */
export function defaultVersion(app: App): string {
  return (
    app.currentVersion ??
    app.cells.find(c => c.stableVersion)?.stableVersion ??
    ''
  );
}

/**
 * Adds a cell of the app's region to the app, with the version to run there (default: the one
 * its other cells serve) and its replicas. A refusal is shown as the server sent it.
 */
export function AddCellDialog(props: {
  open: boolean;
  app: App;
  onClose(): void;
  onAdded(app: App): void;
}) {
  const { app, open } = props;
  const api = useApi(cellsApiRef);
  // every version (the picker offers them all), read when the dialog opens
  const versionList = useAsync(
    async (): Promise<AppVersion[]> =>
      open ? api.listVersions(app.name) : [],
    [api, open, app.name],
  );
  const versions = versionList.value ?? [];
  const regions = useAsync(
    async () => (open ? api.listRegions() : []),
    [api, open],
  );
  const candidates =
    regions.value
      ?.find(r => r.name === app.region)
      ?.cells.map(c => c.name)
      .filter(name => !app.cells.some(c => c.cell === name)) ?? [];
  const [cell, setCell] = useState('');
  const [version, setVersion] = useState('');
  const [replicas, setReplicas] = useState('1');
  useEffect(() => {
    if (open) {
      setCell('');
      setVersion(defaultVersion(app));
      setReplicas('1');
    }
  }, [open, app]);
  const first = candidates[0] ?? '';
  useEffect(() => setCell(c => c || first), [first]);
  const autoscaled = Boolean(
    versions.find(v => v.name === version)?.spec.autoscaling,
  );
  const withReplicas = Boolean(version) && !autoscaled;
  const count = Number(replicas);
  const badReplicas =
    withReplicas &&
    (replicas.trim() === '' ||
      !Number.isInteger(count) ||
      count < 0 ||
      count > 500);
  return (
    <FormDialog
      open={open}
      title={`Add a cell to ${app.name}`}
      submitLabel="Add cell"
      submitTestId="add-cell-submit"
      onClose={props.onClose}
      invalid={!cell || badReplicas}
      pendingText={`Creating ${app.name} in ${cell}...`}
      onSubmit={async () => {
        const added = await api.addAppCell(app.name, {
          cell,
          ...(version ? { version } : {}),
          ...(withReplicas ? { replicas: count } : {}),
        });
        props.onAdded(added);
      }}
    >
      {regions.error && (
        <Typography color="error">
          Could not list the region's cells: {regions.error.message}
        </Typography>
      )}
      {versionList.error && (
        <Typography color="error">
          Could not list the app's versions: {versionList.error.message}
        </Typography>
      )}
      {regions.value && candidates.length === 0 && (
        <Typography>
          {app.name} runs in every cell of region {app.region} already.
        </Typography>
      )}
      <TextInput
        id="add-cell-cell"
        label="Cell"
        select
        SelectProps={{ native: true }}
        value={cell}
        onChange={setCell}
        helperText={`A cell of region ${app.region} the app does not run in`}
      >
        {candidates.map(name => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </TextInput>
      <TextInput
        id="add-cell-version"
        label="Version"
        select
        SelectProps={{ native: true }}
        value={version}
        onChange={setVersion}
        helperText="Runs there as the cell's first version"
      >
        <option value="">None (the cell serves nothing yet)</option>
        {versions.map(v => (
          <option key={v.name} value={v.name}>
            {v.name}
          </option>
        ))}
      </TextInput>
      {withReplicas && (
        <TextInput
          id="add-cell-replicas"
          label="Replicas"
          type="number"
          value={replicas}
          onChange={setReplicas}
          error={badReplicas ? 'a whole number from 0 to 500' : undefined}
        />
      )}
    </FormDialog>
  );
}

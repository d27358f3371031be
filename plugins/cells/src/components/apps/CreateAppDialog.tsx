import { useEffect, useState } from 'react';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  App,
  CellSummary,
  createAppRequestSchema,
  CreateAppRequest,
  dnsLabelSchema,
  MAX_APP_NAME_LENGTH,
} from '@cellport/plugin-cells-common';
import {
  Checkbox,
  Chip,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  TextField,
  Tooltip,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { FormDialog } from '@cellport/plugin-access-react';
import { cellsApiRef } from '../../api';
import { ComponentRefField } from '../shared/ComponentRefField';
import { TextInput } from '../shared/TextInput';

/** Props of {@link CreateAppDialog}. */
export interface CreateAppDialogProps {
  open: boolean;
  onClose(): void;
  onCreated(app: App): void;
  /** Values to start with, e.g. from a catalog Component ("Create an app for this component"). */
  initial?: {
    name?: string;
    description?: string;
    componentRef?: string;
    imageRepository?: string;
  };
}

const appNameSchema = dnsLabelSchema('app name', MAX_APP_NAME_LENGTH);

/** The app name's problem, if any (empty names are not a problem until submitted). */
export function appNameProblem(name: string): string | undefined {
  if (!name) {
    return undefined;
  }
  const result = appNameSchema.safeParse(name);
  return result.success ? undefined : result.error.issues[0]?.message;
}

/** The problem of a production app's cells, if any. */
export function productionProblem(
  production: boolean,
  cells: string[],
): string | undefined {
  return production && cells.length < 2
    ? 'A production app runs in at least two cells of its region.'
    : undefined;
}

function CellLabel({ cell }: { cell: CellSummary }) {
  const unreachable = cell.status.checked && !cell.status.reachable;
  return (
    <span>
      {cell.name} {cell.simulated && <Chip size="small" label="simulated" />}{' '}
      {unreachable && (
        <Tooltip title={cell.status.error ?? 'The cell did not answer'}>
          <Chip
            size="small"
            color="secondary"
            label="unreachable"
            data-testid={`unreachable-${cell.name}`}
          />
        </Tooltip>
      )}
    </span>
  );
}

/**
 * Creates an app: name (a DNS label, checked as it is typed), description, region then cells
 * (simulated and unreachable cells marked; unreachable ones cannot be chosen), production (at least
 * two cells), catalog component and image repository. Shows progress while the backend creates the
 * app in its cells, and the server's message when it refuses.
 */
export function CreateAppDialog(props: CreateAppDialogProps) {
  const { open, initial } = props;
  const api = useApi(cellsApiRef);
  const regions = useAsync(
    async () => (open ? api.listRegions() : undefined),
    [api, open],
  );
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [region, setRegion] = useState('');
  const [cells, setCells] = useState<string[]>([]);
  const [production, setProduction] = useState(false);
  const [componentRef, setComponentRef] = useState('');
  const [imageRepository, setImageRepository] = useState('');

  useEffect(() => {
    if (open) {
      setName(initial?.name ?? '');
      setDescription(initial?.description ?? '');
      setCells([]);
      setProduction(false);
      setComponentRef(initial?.componentRef ?? '');
      setImageRepository(initial?.imageRepository ?? '');
    }
  }, [open, initial]);
  useEffect(() => {
    if (regions.value && !regions.value.some(r => r.name === region)) {
      setRegion(regions.value[0]?.name ?? '');
      setCells([]);
    }
  }, [regions.value, region]);

  const regionCells = regions.value?.find(r => r.name === region)?.cells ?? [];
  const nameProblem = appNameProblem(name);
  const cellsProblem = productionProblem(production, cells);
  const request: CreateAppRequest = {
    name,
    ...(description.trim() ? { description: description.trim() } : {}),
    ...(componentRef.trim() ? { componentRef: componentRef.trim() } : {}),
    ...(imageRepository.trim()
      ? { imageRepository: imageRepository.trim() }
      : {}),
    production,
    cells,
  };
  const valid =
    createAppRequestSchema.safeParse(request).success && !cellsProblem;

  const submit = async () => {
    const app = await api.createApp(request);
    props.onCreated(app);
  };

  return (
    <FormDialog
      open={open}
      title="Create an app"
      submitLabel="Create app"
      onClose={props.onClose}
      onSubmit={submit}
      invalid={!valid}
      errorTestId="create-app-error"
      pendingText={`Creating the namespace, service and pull secret in ${cells.join(
        ', ',
      )}...`}
    >
      <TextInput
        id="app-name"
        label="Name"
        value={name}
        onChange={v => setName(v)}
        error={nameProblem}
        helperText={`Lowercase letters, digits and '-', at most ${MAX_APP_NAME_LENGTH} characters; it becomes the namespace in every cell`}
        required
      />
      <TextInput
        id="app-description"
        label="Description"
        value={description}
        onChange={setDescription}
      />
      {regions.loading && <Progress />}
      {regions.error && (
        <Alert severity="error">
          Could not load the regions: {regions.error.message}
        </Alert>
      )}
      {regions.value && regions.value.length === 0 && (
        <Alert severity="warning">No region has cells configured.</Alert>
      )}
      {regions.value && regions.value.length > 0 && (
        <>
          <TextField
            id="app-region"
            select
            label="Region"
            value={region}
            onChange={e => {
              setRegion(e.target.value);
              setCells([]);
            }}
            SelectProps={{ native: true }}
            margin="dense"
            variant="outlined"
            fullWidth
          >
            {regions.value.map(r => (
              <option key={r.name} value={r.name}>
                {r.name}
              </option>
            ))}
          </TextField>
          <FormControl
            component="fieldset"
            margin="dense"
            error={Boolean(cellsProblem)}
          >
            <FormLabel component="legend">Cells</FormLabel>
            <FormGroup>
              {regionCells.map(cell => {
                const unreachable =
                  cell.status.checked && !cell.status.reachable;
                return (
                  <FormControlLabel
                    key={cell.name}
                    control={
                      <Checkbox
                        checked={cells.includes(cell.name)}
                        disabled={unreachable}
                        inputProps={{ 'aria-label': `Cell ${cell.name}` }}
                        onChange={e =>
                          setCells(current =>
                            e.target.checked
                              ? regionCells
                                  .map(c => c.name)
                                  .filter(
                                    c => c === cell.name || current.includes(c),
                                  )
                              : current.filter(c => c !== cell.name),
                          )
                        }
                      />
                    }
                    label={<CellLabel cell={cell} />}
                  />
                );
              })}
            </FormGroup>
            {cellsProblem && <FormHelperText>{cellsProblem}</FormHelperText>}
          </FormControl>
        </>
      )}
      <FormControlLabel
        control={
          <Checkbox
            checked={production}
            onChange={e => setProduction(e.target.checked)}
            inputProps={{ 'aria-label': 'Production app' }}
          />
        }
        label="Production app"
      />
      <Typography variant="caption" display="block" color="textSecondary">
        A production app runs in at least two cells of one region, so that one
        cell can fail or be released to while the others serve.
      </Typography>
      <ComponentRefField
        id="app-component"
        value={componentRef}
        onChange={setComponentRef}
      />
      <TextInput
        id="app-image-repository"
        label="Image repository"
        value={imageRepository}
        onChange={setImageRepository}
        helperText="group/name in the registry (optional)"
      />
    </FormDialog>
  );
}

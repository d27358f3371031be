import { useEffect, useState } from 'react';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { App, AppVersion } from '@cellport/plugin-cells-common';
import {
  Checkbox,
  FormControlLabel,
  Grid,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { FormDialog, FormSection } from '@cellport/plugin-access-react';
import { cellsApiRef } from '../../../api';
import { TextInput } from '../../shared/TextInput';
import { EnvEditor } from './EnvEditor';
import { ImageField } from './ImageField';
import {
  formFromVersion,
  prefillSource,
  validateVersionForm,
  VersionForm,
} from './versionForm';

/** Props of {@link NewVersionDialog}. */
export interface NewVersionDialogProps {
  open: boolean;
  app: App;
  onClose(): void;
  onCreated(version: AppVersion): void;
  /** An image to deploy instead of the prefilled version's (e.g. a build's pushed image). */
  initialImage?: string;
}

/**
 * Creates (deploys) a version: image, replicas per cell, port, resources, env, health check and
 * autoscaling, prefilled from the app's latest version. Validated with the backend's schema as the
 * user types; the server's refusal is shown as it is.
 */
export function NewVersionDialog(props: NewVersionDialogProps) {
  const { open, app } = props;
  const api = useApi(cellsApiRef);
  const cellsKey = app.cells.map(c => c.cell).join(',');
  const cells = cellsKey ? cellsKey.split(',') : [];
  const versions = useAsync(
    async () => (open ? api.listVersions(app.name) : undefined),
    [api, app.name, open],
  );
  const [form, setForm] = useState<VersionForm>();

  const source = versions.value
    ? prefillSource(versions.value, app.currentVersion)
    : undefined;
  useEffect(() => {
    if (open && versions.value) {
      const prefilled = formFromVersion(
        prefillSource(versions.value, app.currentVersion),
        cellsKey ? cellsKey.split(',') : [],
        versions.value[0]?.name,
      );
      setForm(
        props.initialImage
          ? { ...prefilled, image: props.initialImage }
          : prefilled,
      );
    }
  }, [open, versions.value, cellsKey, app.currentVersion, props.initialImage]);

  const close = () => {
    setForm(undefined);
    props.onClose();
  };
  const set = (patch: Partial<VersionForm>) =>
    setForm(f => (f ? { ...f, ...patch } : f));

  const validation = form ? validateVersionForm(form) : undefined;
  const errors = validation?.errors ?? {};
  const invalid = Object.keys(errors).length > 0;

  const submit = async () => {
    if (!validation) {
      return;
    }
    const created = await api.createVersion(app.name, validation.request);
    setForm(undefined);
    props.onCreated(created);
  };

  const field = (
    key: keyof VersionForm & string,
    label: string,
    errorKey: string,
    extra: { helperText?: string; type?: string } = {},
  ) => (
    <TextInput
      id={`version-${key}`}
      label={label}
      value={form ? (form[key] as string) : ''}
      onChange={v => set({ [key]: v } as Partial<VersionForm>)}
      error={errors[errorKey]}
      {...extra}
    />
  );

  return (
    <FormDialog
      open={open}
      title={`New version of ${app.name}`}
      submitLabel="Create version"
      onClose={close}
      onSubmit={submit}
      invalid={!form || invalid}
      maxWidth="md"
      errorTestId="new-version-error"
      pendingText="Deploying the version to the app's cells..."
    >
      {versions.loading && <Progress />}
      {versions.error && (
        <Alert severity="error">
          Could not load the versions: {versions.error.message}
        </Alert>
      )}
      {form && (
        <>
          <Typography variant="body2" color="textSecondary">
            {source
              ? `Prefilled from ${source.name}${
                  source.name === app.currentVersion
                    ? ', the version the app serves now'
                    : ''
                }.`
              : 'The first version of this app.'}{' '}
            Cells that already serve a stable version get the new version's
            replicas through a release.
          </Typography>
          <Grid container spacing={2}>
            <Grid item xs={12} sm={4}>
              {field('name', 'Version name', 'name', {
                helperText: 'lowercase letters, digits and -, at most 20',
              })}
            </Grid>
            <Grid item xs={12} sm={8}>
              <ImageField
                repository={app.imageRepository}
                value={form.image}
                onChange={image => set({ image })}
                error={errors['spec.image']}
              />
            </Grid>
          </Grid>
          <FormSection title="Replicas per cell">
            <Grid container spacing={2}>
              {cells.map(cell => (
                <Grid item xs={6} sm={3} key={cell}>
                  <TextInput
                    id={`version-replicas-${cell}`}
                    label={cell}
                    type="number"
                    value={form.replicas[cell] ?? ''}
                    onChange={v =>
                      set({ replicas: { ...form.replicas, [cell]: v } })
                    }
                    error={errors[`spec.replicas.${cell}`]}
                  />
                </Grid>
              ))}
            </Grid>
          </FormSection>
          <FormSection title="Container and resources">
            <Grid container spacing={2}>
              <Grid item xs={6} sm={2}>
                {field('port', 'Port', 'spec.port', { type: 'number' })}
              </Grid>
              <Grid item xs={6} sm={2}>
                {field(
                  'cpuRequest',
                  'CPU request',
                  'spec.resources.requests.cpu',
                )}
              </Grid>
              <Grid item xs={6} sm={2}>
                {field('cpuLimit', 'CPU limit', 'spec.resources.limits.cpu')}
              </Grid>
              <Grid item xs={6} sm={3}>
                {field(
                  'memoryRequest',
                  'Memory request',
                  'spec.resources.requests.memory',
                )}
              </Grid>
              <Grid item xs={6} sm={3}>
                {field(
                  'memoryLimit',
                  'Memory limit',
                  'spec.resources.limits.memory',
                )}
              </Grid>
            </Grid>
          </FormSection>
          <FormSection title="Environment">
            <EnvEditor
              env={form.env}
              errors={errors}
              onChange={env => set({ env })}
            />
          </FormSection>
          <FormSection title="Health check (readiness probe)">
            <Grid container spacing={2}>
              <Grid item xs={12} sm={6}>
                {field('healthPath', 'HTTP path', 'spec.healthCheck.path')}
              </Grid>
              <Grid item xs={12} sm={6}>
                {field('healthPort', 'Probe port', 'spec.healthCheck.port', {
                  helperText: 'default: container port',
                  type: 'number',
                })}
              </Grid>
              <Grid item xs={6} sm={3}>
                {field(
                  'initialDelaySeconds',
                  'Initial delay (s)',
                  'spec.healthCheck.initialDelaySeconds',
                  { type: 'number' },
                )}
              </Grid>
              <Grid item xs={6} sm={3}>
                {field(
                  'periodSeconds',
                  'Period (s)',
                  'spec.healthCheck.periodSeconds',
                  {
                    type: 'number',
                  },
                )}
              </Grid>
              <Grid item xs={6} sm={3}>
                {field(
                  'timeoutSeconds',
                  'Timeout (s)',
                  'spec.healthCheck.timeoutSeconds',
                  { type: 'number' },
                )}
              </Grid>
              <Grid item xs={6} sm={3}>
                {field(
                  'failureThreshold',
                  'Failures',
                  'spec.healthCheck.failureThreshold',
                  { type: 'number' },
                )}
              </Grid>
            </Grid>
            <FormControlLabel
              control={
                <Checkbox
                  checked={form.liveness}
                  onChange={e => set({ liveness: e.target.checked })}
                />
              }
              label="Also use it as liveness probe (restart the container when it fails)"
            />
          </FormSection>
          <FormSection title="Autoscaling">
            <FormControlLabel
              control={
                <Checkbox
                  checked={form.autoscaling}
                  onChange={e => set({ autoscaling: e.target.checked })}
                />
              }
              label="Scale on CPU (replicas per cell are the starting point)"
            />
            {form.autoscaling && (
              <Grid container spacing={2}>
                <Grid item xs={4}>
                  {field(
                    'minReplicas',
                    'Min replicas',
                    'spec.autoscaling.minReplicas',
                    {
                      type: 'number',
                    },
                  )}
                </Grid>
                <Grid item xs={4}>
                  {field(
                    'maxReplicas',
                    'Max replicas',
                    'spec.autoscaling.maxReplicas',
                    {
                      type: 'number',
                    },
                  )}
                </Grid>
                <Grid item xs={4}>
                  {field(
                    'targetCPUUtilizationPercentage',
                    'Target CPU %',
                    'spec.autoscaling.targetCPUUtilizationPercentage',
                    { type: 'number' },
                  )}
                </Grid>
                {errors['spec.autoscaling'] && (
                  <Grid item xs={12}>
                    <Alert severity="warning">
                      {errors['spec.autoscaling']}
                    </Alert>
                  </Grid>
                )}
              </Grid>
            )}
          </FormSection>
        </>
      )}
    </FormDialog>
  );
}

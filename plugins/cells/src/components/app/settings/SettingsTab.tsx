import { useEffect, useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { UpdateAppRequest } from '@cellport/plugin-cells-common';
import { Grid, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { InlineForm } from '@cellport/plugin-access-react';
import { cellsApiRef } from '../../../api';
import { ComponentRefField } from '../../shared/ComponentRefField';
import { TextInput } from '../../shared/TextInput';
import { useAppContext } from '../AppContext';

/**
 * The app's settings (description, catalog component, image repository) for users who may update
 * it, and deletion for its Owners (confirmed by typing the app's name).
 */
export function SettingsTab(props: { onDeleted(): void }) {
  const { app, permissions, refresh } = useAppContext();
  const api = useApi(cellsApiRef);
  const [description, setDescription] = useState(app.description ?? '');
  const [componentRef, setComponentRef] = useState(app.componentRef ?? '');
  const [imageRepository, setImageRepository] = useState(
    app.imageRepository ?? '',
  );
  const [confirm, setConfirm] = useState('');
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    setDescription(app.description ?? '');
    setComponentRef(app.componentRef ?? '');
    setImageRepository(app.imageRepository ?? '');
  }, [app.description, app.componentRef, app.imageRepository]);

  const patch: UpdateAppRequest = {
    description: description.trim(),
    componentRef: componentRef.trim() || null,
    imageRepository: imageRepository.trim() || null,
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={7}>
        <InfoCard title="Settings">
          {!permissions.update && (
            <Typography variant="body2" color="textSecondary">
              Only the app's Masters and Owners change its settings.
            </Typography>
          )}
          <InlineForm
            layout="column"
            submitLabel="Save settings"
            readOnly={!permissions.update}
            onSubmit={async () => {
              setSaved(false);
              await api.updateApp(app.name, patch);
              setSaved(true);
              refresh();
            }}
          >
            <TextInput
              id="settings-description"
              label="Description"
              value={description}
              onChange={setDescription}
              disabled={!permissions.update}
              multiline
            />
            <ComponentRefField
              id="settings-component"
              value={componentRef}
              onChange={setComponentRef}
              disabled={!permissions.update}
            />
            <TextInput
              id="settings-image-repository"
              label="Image repository"
              value={imageRepository}
              onChange={setImageRepository}
              helperText="group/name in the registry"
              disabled={!permissions.update}
            />
            {saved && <Alert severity="success">Settings saved.</Alert>}
          </InlineForm>
        </InfoCard>
      </Grid>
      {permissions.delete && (
        <Grid item xs={12} md={5}>
          <InfoCard title="Delete app">
            <Typography variant="body2">
              Deleting removes the app's namespace, and so every version and
              pod, from all its cells. Type <code>{app.name}</code> to confirm.
            </Typography>
            <InlineForm
              layout="column"
              submitLabel="Delete app"
              destructive
              invalid={confirm !== app.name}
              onSubmit={async () => {
                await api.deleteApp(app.name);
                props.onDeleted();
              }}
            >
              <TextInput
                id="delete-confirm"
                label="App name"
                value={confirm}
                onChange={setConfirm}
              />
            </InlineForm>
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
}

import { useEffect, useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { UpdateAppRequest } from '@cellport/plugin-cells-common';
import {
  Box,
  Button,
  Grid,
  LinearProgress,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { cellsApiRef } from '../../../api';
import { ComponentRefField } from '../../shared/ComponentRefField';
import { TextInput } from '../../shared/TextInput';
import { useBusy } from '../../shared/useBusy';
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
  const save = useBusy();
  const remove = useBusy();

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
          <TextInput
            id="settings-description"
            label="Description"
            value={description}
            onChange={setDescription}
            disabled={!permissions.update || save.busy}
            multiline
          />
          <ComponentRefField
            id="settings-component"
            value={componentRef}
            onChange={setComponentRef}
            disabled={!permissions.update || save.busy}
          />
          <TextInput
            id="settings-image-repository"
            label="Image repository"
            value={imageRepository}
            onChange={setImageRepository}
            helperText="group/name in the registry"
            disabled={!permissions.update || save.busy}
          />
          {save.error && <Alert severity="error">{save.error}</Alert>}
          {saved && !save.error && (
            <Alert severity="success">Settings saved.</Alert>
          )}
          {save.busy && <LinearProgress />}
          {permissions.update && (
            <Box mt={1}>
              <Button
                variant="contained"
                color="primary"
                disabled={save.busy}
                onClick={async () => {
                  setSaved(false);
                  if (await save.run(() => api.updateApp(app.name, patch))) {
                    setSaved(true);
                    refresh();
                  }
                }}
              >
                Save settings
              </Button>
            </Box>
          )}
        </InfoCard>
      </Grid>
      {permissions.delete && (
        <Grid item xs={12} md={5}>
          <InfoCard title="Delete app">
            <Typography variant="body2">
              Deleting removes the app's namespace, and so every version and
              pod, from all its cells. Type <code>{app.name}</code> to confirm.
            </Typography>
            <TextInput
              id="delete-confirm"
              label="App name"
              value={confirm}
              onChange={setConfirm}
              disabled={remove.busy}
            />
            {remove.error && <Alert severity="error">{remove.error}</Alert>}
            {remove.busy && <LinearProgress />}
            <Box mt={1}>
              <Button
                variant="contained"
                color="secondary"
                disabled={remove.busy || confirm !== app.name}
                onClick={async () => {
                  if (await remove.run(() => api.deleteApp(app.name))) {
                    props.onDeleted();
                  }
                }}
              >
                Delete app
              </Button>
            </Box>
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
}

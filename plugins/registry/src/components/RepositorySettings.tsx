import { useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { ImageRepository } from '@cellport/plugin-registry-common';
import { Box, Button, TextField, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { registryApiRef, RegistryVisibility } from '../api';
import { useAction } from './useAction';

type Choice = RegistryVisibility | 'inherit';

/** Visibility and deletion of a repository; each control only when `allowed` says so. */
export function RepositorySettings(props: {
  repo: ImageRepository;
  onChanged: () => void;
  onDeleted: () => void;
}) {
  const { repo } = props;
  const api = useApi(registryApiRef);
  const [visibility, setVisibility] = useState<Choice>(
    repo.visibilityOverride ?? 'inherit',
  );
  const [confirm, setConfirm] = useState('');
  const { busy, error, run } = useAction();
  const canVisibility = Boolean(repo.allowed?.visibilityUpdate);
  const canDelete = Boolean(repo.allowed?.delete);

  return (
    <InfoCard title="Settings">
      {error && (
        <Alert severity="error" data-testid="settings-error">
          {error}
        </Alert>
      )}
      {!canVisibility && !canDelete && (
        <Typography data-testid="settings-readonly">
          Only the repository's Owner can change its settings.
        </Typography>
      )}
      {canVisibility && (
        <Box mb={2}>
          <TextField
            select
            label="Visibility"
            value={visibility}
            onChange={e => setVisibility(e.target.value as Choice)}
            SelectProps={{ native: true }}
            inputProps={{ 'data-testid': 'settings-visibility' }}
            margin="dense"
          >
            <option value="inherit">as the group</option>
            <option value="private">private</option>
            <option value="public">public</option>
          </TextField>{' '}
          <Button
            variant="contained"
            color="primary"
            disabled={busy}
            data-testid="save-visibility"
            onClick={() =>
              run(async () => {
                await api.setVisibility(
                  repo.name,
                  visibility === 'inherit' ? null : visibility,
                );
                props.onChanged();
              })
            }
          >
            Save visibility
          </Button>
        </Box>
      )}
      {canDelete && (
        <Box>
          <Typography variant="body2">
            Deleting removes the repository and all its images. Type{' '}
            <code>{repo.name}</code> to confirm.
          </Typography>
          <TextField
            value={confirm}
            onChange={e => setConfirm(e.target.value)}
            inputProps={{ 'data-testid': 'delete-confirm' }}
            margin="dense"
          />{' '}
          <Button
            variant="contained"
            color="secondary"
            disabled={busy || confirm !== repo.name}
            data-testid="delete-repository"
            onClick={() =>
              run(async () => {
                await api.deleteRepository(repo.name);
                props.onDeleted();
              })
            }
          >
            Delete repository
          </Button>
        </Box>
      )}
    </InfoCard>
  );
}

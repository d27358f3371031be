import { useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { ImageRepository } from '@cellport/plugin-registry-common';
import { Box, TextField, Typography } from '@material-ui/core';
import { InlineForm } from '@cellport/plugin-access-react';
import { registryApiRef, RegistryVisibility } from '../api';

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
  const canVisibility = Boolean(repo.allowed?.visibilityUpdate);
  const canDelete = Boolean(repo.allowed?.delete);

  return (
    <InfoCard title="Settings">
      {!canVisibility && !canDelete && (
        <Typography data-testid="settings-readonly">
          Only the repository's Owner can change its settings.
        </Typography>
      )}
      {canVisibility && (
        <Box mb={2}>
          <InlineForm
            submitLabel="Save visibility"
            errorTestId="settings-error"
            submitTestId="save-visibility"
            onSubmit={async () => {
              await api.setVisibility(
                repo.name,
                visibility === 'inherit' ? null : visibility,
              );
              props.onChanged();
            }}
          >
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
            </TextField>
          </InlineForm>
        </Box>
      )}
      {canDelete && (
        <Box>
          <Typography variant="body2">
            Deleting removes the repository and all its images. Type{' '}
            <code>{repo.name}</code> to confirm.
          </Typography>
          <InlineForm
            submitLabel="Delete repository"
            destructive
            invalid={confirm !== repo.name}
            errorTestId="settings-error"
            submitTestId="delete-repository"
            onSubmit={async () => {
              await api.deleteRepository(repo.name);
              props.onDeleted();
            }}
          >
            <TextField
              value={confirm}
              onChange={e => setConfirm(e.target.value)}
              inputProps={{
                'data-testid': 'delete-confirm',
                'aria-label': 'Repository name to confirm',
              }}
              margin="dense"
            />
          </InlineForm>
        </Box>
      )}
    </InfoCard>
  );
}

import { useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Button, TextField, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { registryApiRef } from '../api';
import { useAction } from './useAction';

/**
 * "Create a repository for this component", prefilled with the group and name the catalog
 * suggests. Creates the image group first when the user sees no group of that name (they become
 * its Owner).
 */
export function CreateRepositoryOffer(props: {
  group: string;
  name: string;
  /** The groups the user sees. */
  groups: string[];
  /** Why the offer is shown. */
  reason: React.ReactNode;
  onCreated: () => void;
}) {
  const api = useApi(registryApiRef);
  const [group, setGroup] = useState(props.group);
  const [name, setName] = useState(props.name);
  const { busy, error, run } = useAction(props.onCreated);
  const newGroup = Boolean(group) && !props.groups.includes(group);

  const create = () =>
    run(async () => {
      if (newGroup) {
        await api.createGroup({ name: group, visibility: 'private' });
      }
      await api.createRepository(group, { name, visibility: null });
    });

  return (
    <InfoCard title="Create a repository for this component">
      <Typography variant="body2" component="div">
        {props.reason}
      </Typography>
      {error && (
        <Alert severity="error" data-testid="create-entity-repository-error">
          {error}
        </Alert>
      )}
      <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 8 }}>
        <TextField
          label="Image group"
          value={group}
          onChange={e => setGroup(e.target.value)}
          inputProps={{ 'data-testid': 'entity-repo-group' }}
          helperText={newGroup ? 'a new private group; you become its Owner' : ' '}
          margin="dense"
        />
        <TextField
          label="Repository name"
          value={name}
          onChange={e => setName(e.target.value)}
          inputProps={{ 'data-testid': 'entity-repo-name' }}
          helperText=" "
          margin="dense"
        />
        <Button
          variant="contained"
          color="primary"
          disabled={busy || !group || !name}
          data-testid="create-entity-repository"
          onClick={create}
        >
          Create {group && name ? `${group}/${name}` : 'repository'}
        </Button>
      </Box>
    </InfoCard>
  );
}

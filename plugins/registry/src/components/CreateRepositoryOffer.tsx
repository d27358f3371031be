import { useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { TextField, Typography } from '@material-ui/core';
import { InlineForm } from '@cellport/plugin-access-react';
import { registryApiRef } from '../api';

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
  const newGroup = Boolean(group) && !props.groups.includes(group);

  const create = async () => {
    if (newGroup) {
      await api.createGroup({ name: group, visibility: 'private' });
    }
    await api.createRepository(group, { name, visibility: null });
    props.onCreated();
  };

  return (
    <InfoCard title="Create a repository for this component">
      <Typography variant="body2" component="div">
        {props.reason}
      </Typography>
      <InlineForm
        submitLabel={`Create ${
          group && name ? `${group}/${name}` : 'repository'
        }`}
        invalid={!group || !name}
        onSubmit={create}
        errorTestId="create-entity-repository-error"
        submitTestId="create-entity-repository"
      >
        <TextField
          label="Image group"
          value={group}
          onChange={e => setGroup(e.target.value)}
          inputProps={{ 'data-testid': 'entity-repo-group' }}
          helperText={
            newGroup ? 'a new private group; you become its Owner' : ' '
          }
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
      </InlineForm>
    </InfoCard>
  );
}

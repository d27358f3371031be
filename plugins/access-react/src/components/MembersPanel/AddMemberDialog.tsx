import { TextField } from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Role } from '@cellport/plugin-access-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { RoleSelect } from './RoleSelect';
import { FormDialog } from '../forms/FormDialog';

/**
 * Props of {@link AddMemberDialog}.
 *
 * @public
 */
export type AddMemberDialogProps = {
  open: boolean;
  /** Offer the Owner role. */
  allowOwner: boolean;
  onClose(): void;
  onAdd(member: string, role: Role): Promise<void>;
};

type Option = { ref: string; label: string };

/**
 * Picks a catalog User or Group and a role.
 *
 * @public
 */
export function AddMemberDialog(props: AddMemberDialogProps) {
  const catalogApi = useApi(catalogApiRef);
  const [selected, setSelected] = useState<Option | null>(null);
  const [role, setRole] = useState<Role>('developer');
  const options = useAsync(async () => {
    if (!props.open) {
      return [];
    }
    const { items } = await catalogApi.getEntities({
      filter: { kind: ['User', 'Group'] },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.profile.displayName',
      ],
    });
    return items.map(entity => {
      const ref = stringifyEntityRef(entity);
      const profile = (entity.spec?.profile ?? {}) as { displayName?: string };
      const title = profile.displayName ?? entity.metadata.title;
      return { ref, label: title ? `${title} (${ref})` : ref };
    });
  }, [catalogApi, props.open]);

  const add = async () => {
    if (!selected) return;
    await props.onAdd(selected.ref, role);
    setSelected(null);
  };

  return (
    <FormDialog
      open={props.open}
      title="Add member"
      submitLabel="Add"
      onClose={props.onClose}
      onSubmit={add}
      invalid={!selected}
      errorTestId="add-member-error"
    >
      <Autocomplete
        options={options.value ?? []}
        loading={options.loading}
        value={selected}
        onChange={(_, value) => setSelected(value)}
        getOptionLabel={option => option.label}
        getOptionSelected={(a, b) => a.ref === b.ref}
        renderInput={params => (
          <TextField
            {...params}
            label="User or group"
            margin="normal"
            error={Boolean(options.error)}
            helperText={options.error?.message}
          />
        )}
      />
      <RoleSelect
        label="Role"
        value={role}
        allowOwner={props.allowOwner}
        onChange={setRole}
      />
    </FormDialog>
  );
}

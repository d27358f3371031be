import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { TextField } from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';
import useAsync from 'react-use/esm/useAsync';

/**
 * A catalog Component reference: picked from the catalog's Components when the catalog API is
 * there, or typed (`component:default/payments-api`).
 */
export function ComponentRefField(props: {
  id: string;
  value: string;
  onChange(value: string): void;
  disabled?: boolean;
  helperText?: string;
}) {
  const catalogApi = useApiHolder().get(catalogApiRef);
  const options = useAsync(async () => {
    if (!catalogApi) {
      return [];
    }
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Component' },
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    });
    return items.map(e => stringifyEntityRef(e)).sort();
  }, [catalogApi]);

  return (
    <Autocomplete
      freeSolo
      options={options.value ?? []}
      loading={options.loading}
      inputValue={props.value}
      onInputChange={(_, value) => props.onChange(value)}
      disabled={props.disabled}
      renderInput={params => (
        <TextField
          {...params}
          id={props.id}
          label="Catalog component"
          margin="dense"
          variant="outlined"
          helperText={
            options.error
              ? `The catalog is not available (${options.error.message}); type the reference`
              : props.helperText ?? 'e.g. component:default/payments-api'
          }
        />
      )}
    />
  );
}

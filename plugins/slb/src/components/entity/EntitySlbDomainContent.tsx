import { Grid } from '@material-ui/core';
import { useEntity } from '@backstage/plugin-catalog-react';
import { getCellportAnnotations } from '@cellport/common';
import { DomainView } from '../DomainDetails';

/** The Domain tab of an entity annotated `cellport.io/domain`: each of its domains. */
export function EntitySlbDomainContent() {
  const { entity } = useEntity();
  return (
    <Grid container spacing={3}>
      {getCellportAnnotations(entity).domains.map(name => (
        <Grid item xs={12} key={name}>
          <DomainView name={name} />
        </Grid>
      ))}
    </Grid>
  );
}

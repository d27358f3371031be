import { Content, EmptyState, Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { getCellportAnnotations } from '@cellport/common';
import { Typography } from '@material-ui/core';
import { rootRouteRef } from '../routes';
import { ConfigBuilds } from './ConfigBuilds';

/**
 * The Builds tab of a component annotated `cellport.io/build`: the builds of that build config.
 *
 * @public
 */
export function EntityBuildsContent() {
  const { entity } = useEntity();
  const base = useRouteRef(rootRouteRef)();
  const config = getCellportAnnotations(entity).build;
  if (!config) {
    return (
      <EmptyState
        missing="field"
        title="No build config"
        description="Annotate the component with cellport.io/build: <build config name>."
      />
    );
  }
  return (
    <Content>
      <Typography variant="body1" gutterBottom>
        Builds of <Link to={`${base}/${config}`}>build config {config}</Link>
      </Typography>
      <ConfigBuilds config={config} />
    </Content>
  );
}

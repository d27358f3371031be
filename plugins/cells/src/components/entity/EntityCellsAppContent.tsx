import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EmptyState, ErrorPanel, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { getCellportAnnotations } from '@cellport/common';
import type { App } from '@cellport/plugin-cells-common';
import { Button } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { cellsApiRef } from '../../api';
import { AppView } from '../app/AppView';
import { CreateAppDialog } from '../apps/CreateAppDialog';

/** The app of a component: named by its `cellport.io/app` annotation, else one whose componentRef is the entity. */
export function appOfComponent(
  apps: App[],
  entityRef: string,
  annotated: string | undefined,
): App | undefined {
  const ref = entityRef.toLocaleLowerCase('en-US');
  return (
    apps.find(a => a.name === annotated) ??
    apps.find(a => a.componentRef?.toLocaleLowerCase('en-US') === ref)
  );
}

/** An app name from an entity name: a DNS label of at most 30 characters. */
export function appNameFor(entityName: string): string {
  return entityName
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 30)
    .replace(/-+$/, '');
}

/**
 * The Cells tab of a catalog Component: the page of its app (named by `cellport.io/app`, or found
 * by its componentRef), or an offer to create one prefilled from the component.
 *
 * @public
 */
export function EntityCellsAppContent() {
  const { entity } = useEntity();
  const api = useApi(cellsApiRef);
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const { app: annotated, image } = getCellportAnnotations(entity);
  const entityRef = stringifyEntityRef(entity);
  const apps = useAsyncRetry(() => api.listApps(), [api]);
  const initial = useMemo(
    () => ({
      name: annotated ?? appNameFor(entity.metadata.name),
      description: entity.metadata.description,
      componentRef: entityRef,
      imageRepository: image,
    }),
    [
      annotated,
      entity.metadata.name,
      entity.metadata.description,
      entityRef,
      image,
    ],
  );

  if (apps.loading && !apps.value) {
    return <Progress />;
  }
  if (apps.error) {
    return <ErrorPanel error={apps.error} title="Could not load your apps" />;
  }
  const app = appOfComponent(apps.value ?? [], entityRef, annotated);
  if (app) {
    return <AppView key={app.name} name={app.name} />;
  }
  return (
    <>
      <EmptyState
        missing="content"
        title="No app runs this component yet"
        description={
          annotated
            ? `The component names the app '${annotated}', which does not exist or which you are not a member of. Create it to deploy the component to the cells.`
            : 'An app deploys a component to the cells of a region, version by version, through health-gated releases.'
        }
        action={
          <Button
            variant="contained"
            color="primary"
            onClick={() => setCreating(true)}
          >
            Create an app for this component
          </Button>
        }
      />
      <CreateAppDialog
        open={creating}
        initial={initial}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          apps.retry();
          navigate('.');
        }}
      />
    </>
  );
}

import { MissingAnnotationEmptyState } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { CELLPORT_ANNOTATIONS, getCellportAnnotations } from '@cellport/common';
import { AppView } from '../app/AppView';

/**
 * The entity tab of a catalog Component annotated with `cellport.io/app`: that app's page (cells ×
 * versions, releases, pods, events, members, settings) with its tabs below the entity's route.
 *
 * @public
 */
export function EntityCellsAppContent() {
  const { entity } = useEntity();
  const { app } = getCellportAnnotations(entity);
  if (!app) {
    return (
      <MissingAnnotationEmptyState annotation={CELLPORT_ANNOTATIONS.app} />
    );
  }
  return <AppView key={app} name={app} />;
}

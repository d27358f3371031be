import { MissingAnnotationEmptyState } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { CELLPORT_ANNOTATIONS, getCellportAnnotations } from '@cellport/common';
import { AppObservability } from '../AppObservability';

/**
 * The entity tab of a catalog Component annotated with `cellport.io/app`: that app's dashboards
 * and alerts.
 *
 * @public
 */
export function EntityObservabilityContent() {
  const { entity } = useEntity();
  const { app } = getCellportAnnotations(entity);
  if (!app) {
    return <MissingAnnotationEmptyState annotation={CELLPORT_ANNOTATIONS.app} />;
  }
  return <AppObservability key={app} app={app} />;
}

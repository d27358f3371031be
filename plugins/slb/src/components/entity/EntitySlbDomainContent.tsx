import { useEntity } from '@backstage/plugin-catalog-react';
import { DomainView } from '../DomainDetails';
import { SLB_DOMAIN_ANNOTATION } from './isSlbDomainAvailable';

/** The Domain tab of an entity annotated `cellport.io/domain`. */
export function EntitySlbDomainContent() {
  const { entity } = useEntity();
  return <DomainView name={entity.metadata.annotations![SLB_DOMAIN_ANNOTATION]} />;
}

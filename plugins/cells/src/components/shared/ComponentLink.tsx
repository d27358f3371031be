import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';

/** A link to a catalog entity, or the reference as text when it does not parse. */
export function ComponentLink(props: { entityRef?: string }) {
  const { entityRef } = props;
  if (!entityRef) {
    return <>—</>;
  }
  try {
    const ref = parseEntityRef(entityRef, { defaultKind: 'component' });
    return <EntityRefLink entityRef={ref} />;
  } catch {
    return <>{entityRef}</>;
  }
}

/** A header link to the evacuation page, shown to platform admins only. */
import useAsync from 'react-use/esm/useAsync';
import { LinkButton } from '@backstage/core-components';
import { Box } from '@material-ui/core';
import { useRouteRef } from '@backstage/core-plugin-api';
import { rootRouteRef } from '../../routes';
import { useEvacuationClient } from './evacuationClient';

/** "Cell evacuation" for platform admins; nothing for others. */
export function EvacuationLink() {
  const client = useEvacuationClient();
  const root = useRouteRef(rootRouteRef);
  const admin = useAsync(async () => (await client.list()) !== undefined, [client]);
  if (!admin.value) return null;
  // the header's right items sit flush with its edge: keep the page's 24 px gutter
  return (
    <Box mr={2}>
      <LinkButton
        to={`${root()}/evacuation`}
        variant="outlined"
        style={{ color: '#fff', borderColor: 'rgba(255, 255, 255, 0.7)', whiteSpace: 'nowrap' }}
      >
        Cell evacuation
      </LinkButton>
    </Box>
  );
}

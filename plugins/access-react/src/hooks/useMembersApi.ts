import {
  discoveryApiRef,
  fetchApiRef,
  useApiHolder,
} from '@backstage/core-plugin-api';
import { useMemo } from 'react';
import { MembersApi, membersApiRef } from '../api/MembersApi';
import { MembersClient } from '../api/MembersClient';

/**
 * The app's {@link MembersApi} if one is registered, else a {@link MembersClient} on the app's
 * discovery and fetch APIs.
 *
 * @public
 */
export function useMembersApi(): MembersApi {
  const apis = useApiHolder();
  return useMemo(() => {
    const registered = apis.get(membersApiRef);
    if (registered) {
      return registered;
    }
    const discoveryApi = apis.get(discoveryApiRef);
    const fetchApi = apis.get(fetchApiRef);
    if (!discoveryApi || !fetchApi) {
      throw new Error(
        'The members panel needs the discovery and fetch APIs, or a membersApiRef implementation',
      );
    }
    return new MembersClient({ discoveryApi, fetchApi });
  }, [apis]);
}

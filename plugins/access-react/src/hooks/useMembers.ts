import { Member, Role } from '@cellport/plugin-access-common';
import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { MembersTarget } from '../api/MembersApi';
import { useMembersApi } from './useMembersApi';

/**
 * A resource's members with actions that reload the list after each change. Errors of changes
 * are kept in `actionError` (the backend's message, e.g. "last Owner").
 *
 * @public
 */
export function useMembers(target: MembersTarget) {
  const api = useMembersApi();
  const { kind, name, pluginId, basePath } = target;
  const list = useAsyncRetry(
    () => api.listMembers({ kind, name, pluginId, basePath }),
    [api, kind, name, pluginId, basePath],
  );
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<Error>();
  const { retry } = list;

  const run = useCallback(
    async (change: () => Promise<unknown>) => {
      setBusy(true);
      setActionError(undefined);
      try {
        await change();
        retry();
      } catch (error) {
        setActionError(error as Error);
        throw error;
      } finally {
        setBusy(false);
      }
    },
    [retry],
  );

  const t = { kind, name, pluginId, basePath };
  return {
    members: list.value as Member[] | undefined,
    loading: list.loading,
    error: list.error,
    busy,
    actionError,
    add: (member: string, role: Role) =>
      run(() => api.addMember(t, member, role)),
    update: (member: string, role: Role) =>
      run(() => api.updateMember(t, member, role)),
    remove: (member: string) => run(() => api.removeMember(t, member)),
  };
}

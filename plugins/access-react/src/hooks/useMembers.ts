import { Member, Role } from '@cellport/plugin-access-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { MembersTarget } from '../api/MembersApi';
import { useMembersApi } from './useMembersApi';

/** How many members a members table shows at first, and adds with each "Show more". */
export const MEMBERS_PAGE_SIZE = 10;

type ListState = {
  members?: Member[];
  nextCursor?: string;
  error?: Error;
};

/**
 * A resource's members, a page at a time (`showMore` appends the next page while `hasMore`), with
 * actions that reload the pages shown after each change. Errors of changes and of "Show more" are
 * kept in `actionError` (the backend's message, e.g. "last Owner").
 *
 * @public
 */
export function useMembers(
  target: MembersTarget,
  options: { pageSize?: number } = {},
) {
  const api = useMembersApi();
  const { kind, name, pluginId, basePath } = target;
  const pageSize = options.pageSize ?? MEMBERS_PAGE_SIZE;
  const [list, setList] = useState<ListState>({});
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<Error>();
  // answers of an older load (another resource, or before a change) are dropped
  const generation = useRef(0);
  const shown = useRef(0);

  /** Reads pages from the first until at least `count` members are shown, or there are no more. */
  const load = useCallback(
    async (count: number) => {
      const mine = ++generation.current;
      const t = { kind, name, pluginId, basePath };
      try {
        const members: Member[] = [];
        let cursor: string | undefined;
        do {
          const page = await api.listMembersPage(t, { limit: pageSize, cursor });
          members.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor && members.length < count);
        if (mine === generation.current) {
          shown.current = members.length;
          setList({ members, nextCursor: cursor });
        }
      } catch (error) {
        if (mine === generation.current) {
          setList({ error: error as Error });
        }
      }
    },
    [api, kind, name, pluginId, basePath, pageSize],
  );

  useEffect(() => {
    setList({});
    shown.current = 0;
    load(pageSize);
  }, [load, pageSize]);

  const run = useCallback(
    async (change: () => Promise<unknown>) => {
      setBusy(true);
      setActionError(undefined);
      try {
        await change();
        await load(Math.max(shown.current, pageSize));
      } catch (error) {
        setActionError(error as Error);
        throw error;
      } finally {
        setBusy(false);
      }
    },
    [load, pageSize],
  );

  const showMore = useCallback(async () => {
    const { members, nextCursor } = list;
    if (!members || !nextCursor) return;
    const mine = generation.current;
    setBusy(true);
    setActionError(undefined);
    try {
      const page = await api.listMembersPage(
        { kind, name, pluginId, basePath },
        { limit: pageSize, cursor: nextCursor },
      );
      if (mine === generation.current) {
        const more = [...members, ...page.items];
        shown.current = more.length;
        setList({ members: more, nextCursor: page.nextCursor });
      }
    } catch (error) {
      setActionError(error as Error);
    } finally {
      setBusy(false);
    }
  }, [api, list, kind, name, pluginId, basePath, pageSize]);

  const t = { kind, name, pluginId, basePath };
  return {
    members: list.members,
    loading: !list.members && !list.error,
    error: list.error,
    /** Whether there are members after the ones shown. */
    hasMore: Boolean(list.nextCursor),
    /** Appends the next page; a failure is kept in `actionError`. */
    showMore,
    busy,
    actionError,
    add: (member: string, role: Role) =>
      run(() => api.addMember(t, member, role)),
    update: (member: string, role: Role) =>
      run(() => api.updateMember(t, member, role)),
    remove: (member: string) => run(() => api.removeMember(t, member)),
  };
}

/** Owner groups as quotas key them: a Group's entity ref, and the groups a User is a member of. */
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * An owner group reference `group:<namespace>/<name>`, trimmed and lower case; InputError saying
 * what to write otherwise.
 *
 * @public
 */
export function parseOwnerGroupRef(ref: string): string {
  const trimmed = ref.trim();
  if (
    trimmed.length > 255 ||
    !/^group:[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/i.test(trimmed)
  ) {
    throw new InputError(
      `ownerGroup '${ref}' is not a group reference: use 'group:<namespace>/<name>', e.g. 'group:default/team-a'`,
    );
  }
  return trimmed.toLocaleLowerCase('en-US');
}

/**
 * The Groups a catalog User is a direct member of (its `memberOf` relations), lower case, sorted.
 *
 * @public
 */
export function memberGroupsOf(user: Entity | undefined): string[] {
  return [
    ...new Set(
      (user?.relations ?? [])
        .filter(r => r.type === 'memberOf')
        .map(r => r.targetRef.toLocaleLowerCase('en-US'))
        .filter(r => r.startsWith('group:')),
    ),
  ].sort();
}

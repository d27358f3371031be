import { z } from 'zod';

/**
 * The member roles, from the most to the least powerful (GitLab style).
 *
 * @public
 */
export const ROLES = [
  'owner',
  'master',
  'developer',
  'reporter',
  'guest',
] as const;

/**
 * A member role: `owner` \> `master` \> `developer` \> `reporter` \> `guest`.
 *
 * @public
 */
export type Role = (typeof ROLES)[number];

/**
 * Human-readable role names, for display.
 *
 * @public
 */
export const ROLE_TITLES: Readonly<Record<Role, string>> = {
  owner: 'Owner',
  master: 'Master',
  developer: 'Developer',
  reporter: 'Reporter',
  guest: 'Guest',
};

/**
 * Zod schema of a role name; the error names the valid roles.
 *
 * @public
 */
export const roleSchema = z.enum(ROLES, {
  error: () => `role must be one of ${ROLES.join(', ')}`,
});

/**
 * Whether a value is a role name.
 *
 * @public
 */
export function isRole(value: unknown): value is Role {
  return (
    typeof value === 'string' && (ROLES as readonly string[]).includes(value)
  );
}

/**
 * The rank of a role: 5 for `owner` down to 1 for `guest`; higher ranks may do more.
 *
 * @public
 */
export function roleRank(role: Role): number {
  return ROLES.length - ROLES.indexOf(role);
}

/**
 * Compares two roles: negative when `a` is weaker than `b`, 0 when equal, positive when stronger.
 *
 * @public
 */
export function compareRoles(a: Role, b: Role): number {
  return roleRank(a) - roleRank(b);
}

/**
 * Whether `role` grants at least what `minimumRole` grants.
 *
 * @public
 */
export function isRoleAtLeast(role: Role, minimumRole: Role): boolean {
  return compareRoles(role, minimumRole) >= 0;
}

/**
 * Every role that grants at least `minimumRole`, strongest first.
 *
 * @public
 */
export function rolesAtLeast(minimumRole: Role): Role[] {
  return ROLES.filter(role => isRoleAtLeast(role, minimumRole));
}

/**
 * The strongest of the given roles, or `undefined` when none is given.
 *
 * @public
 */
export function strongestRole(
  roles: Iterable<Role | undefined>,
): Role | undefined {
  let best: Role | undefined;
  for (const role of roles) {
    if (role && (!best || compareRoles(role, best) > 0)) {
      best = role;
    }
  }
  return best;
}

import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { z } from 'zod';
import { Role, roleSchema } from './roles';
import { Visibility } from './resources';

/**
 * Normalizes a catalog entity reference to `kind:namespace/name`, lowercase (entity references
 * compare case-insensitively). Accepts the short forms `user:alice` and `group:team`.
 *
 * @throws TypeError when the reference is not a valid entity reference.
 * @public
 */
export function normalizeEntityRef(ref: string | CompoundEntityRef): string {
  return stringifyEntityRef(
    typeof ref === 'string' ? parseEntityRef(ref) : ref,
  ).toLocaleLowerCase('en-US');
}

/**
 * Zod schema of a member reference: a catalog User or Group entity reference, normalized by
 * {@link normalizeEntityRef}.
 *
 * @public
 */
export const memberRefSchema = z
  .string({ error: 'member must be a catalog entity reference string' })
  .trim()
  .min(1, 'member must be a catalog entity reference, e.g. user:default/bob')
  .transform((value, ctx) => {
    let ref: CompoundEntityRef;
    try {
      ref = parseEntityRef(value);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `'${value}' is not a catalog entity reference; use e.g. user:default/bob or group:default/payments-team`,
      });
      return z.NEVER;
    }
    const kind = ref.kind.toLocaleLowerCase('en-US');
    if (kind !== 'user' && kind !== 'group') {
      ctx.addIssue({
        code: 'custom',
        message: `'${value}' is a ${ref.kind}; members must be catalog Users or Groups`,
      });
      return z.NEVER;
    }
    return normalizeEntityRef(ref);
  });

/**
 * Zod schema of the body of `POST /members`.
 *
 * @public
 */
export const addMemberRequestSchema = z.strictObject({
  member: memberRefSchema,
  role: roleSchema,
});

/**
 * Body of `POST /members`: add a member with a role.
 *
 * @public
 */
export type AddMemberRequest = z.input<typeof addMemberRequestSchema>;

/**
 * Zod schema of the body of `PUT /members/:member`.
 *
 * @public
 */
export const updateMemberRequestSchema = z.strictObject({
  role: roleSchema,
});

/**
 * Body of `PUT /members/:member`: change a member's role.
 *
 * @public
 */
export type UpdateMemberRequest = z.input<typeof updateMemberRequestSchema>;

/**
 * Zod schema of the body of `PUT /visibility`.
 *
 * @public
 */
export const visibilityRequestSchema = z.strictObject({
  visibility: z.enum(['private', 'public'], {
    error: () => 'visibility must be private or public',
  }),
});

/**
 * Body of `PUT /visibility`.
 *
 * @public
 */
export type VisibilityRequest = { visibility: Visibility };

/**
 * Zod schema of the body of `POST /transfer`.
 *
 * @public
 */
export const transferRequestSchema = z.strictObject({
  newOwner: memberRefSchema,
});

/**
 * Body of `POST /transfer`: make another User or Group the Owner; the caller becomes Master.
 *
 * @public
 */
export type TransferRequest = z.input<typeof transferRequestSchema>;

/**
 * A member of a resource.
 *
 * @public
 */
export type Member = {
  /** The resource reference, e.g. `app:payments-api`. */
  resourceRef: string;
  /** The member: a catalog User or Group entity reference. */
  member: string;
  /** The member's role on the resource. */
  role: Role;
  /**
   * When the role comes from a parent resource (an image repository's image group), the
   * parent's resource reference. Inherited members are changed on the parent.
   */
  inheritedFrom?: string;
  /** Who added the member (entity reference), if known. */
  addedBy?: string;
  /** When the member was added (ISO 8601). */
  createdAt: string;
  /** When the role last changed (ISO 8601). */
  updatedAt: string;
};

/**
 * Response of `GET /members`.
 *
 * @public
 */
export type MemberListResponse = {
  /**
   * Direct and inherited members ordered by member entity reference (a direct member before the
   * same member inherited); `GET /members` answers one page of them.
   */
  items: Member[];
  /** Pass as `?cursor=` for the next page of `GET /members`; absent on the last page. */
  nextCursor?: string;
};

/**
 * What happened to a resource, in its activity feed. Access changes use the `member-*`,
 * `visibility-changed`, `ownership-transferred`, `resource-*` actions; plugins add their own
 * (`image-pushed`, `tag-deleted`, ...).
 *
 * @public
 */
export type ActivityEntry = {
  /** Increasing identifier, usable as a cursor. */
  id: number;
  /** The resource reference. */
  resourceRef: string;
  /** What happened, in kebab case. */
  action: string;
  /** Who did it (entity reference of a user, or a service subject). */
  actor: string;
  /** When (ISO 8601). */
  createdAt: string;
  /** Details, such as the member and roles of a member change. */
  details: Record<string, unknown>;
};

/**
 * Response of `GET /activity`.
 *
 * @public
 */
export type ActivityListResponse = {
  /** Newest first. */
  items: ActivityEntry[];
};

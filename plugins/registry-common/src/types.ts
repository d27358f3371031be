import type { Role, Visibility } from '@cellport/plugin-access-common';

/**
 * An image group: a registry namespace whose members' roles apply to its repositories.
 *
 * @public
 */
export type ImageGroup = {
  /** The group name, one registry path component. */
  name: string;
  /** Default visibility of its repositories. */
  visibility: Visibility;
  /** Free text. */
  description: string;
  /** Entity ref of the creator. */
  createdBy: string;
  /** ISO 8601. */
  createdAt: string;
  /** The caller's role, direct or none. */
  role?: Role;
  /** Number of repositories. */
  repositoryCount?: number;
};

/**
 * An image repository `group/name`.
 *
 * @public
 */
export type ImageRepository = {
  /** Full name, `group/name`. */
  name: string;
  /** The image group. */
  group: string;
  /** Own visibility override, or `null` to inherit the group's. */
  visibilityOverride: Visibility | null;
  /** The visibility in effect. */
  visibility: Visibility;
  /** Free text. */
  description: string;
  /** Entity ref (or registry subject) of the creator. */
  createdBy: string;
  /** ISO 8601. */
  createdAt: string;
  /** Pulls counted from the registry's notifications. */
  pullCount: number;
  /** The caller's effective role (the stronger of the repository and group roles). */
  role?: Role;
  /** What the caller may do (single-repository answers only). */
  allowed?: RepositoryAllowedActions;
};

/**
 * A tag with what the registry and the push notifications say about it.
 *
 * @public
 */
export type ImageTag = {
  /** The tag. */
  tag: string;
  /** Manifest digest (`sha256:...`). */
  digest: string;
  /** Manifest media type. */
  mediaType: string;
  /** Total size in bytes: manifest, config and layers. */
  size: number;
  /** Image creation time from its config, if set (ISO 8601). */
  created?: string;
  /** When it was pushed, from the registry notifications (ISO 8601). */
  pushedAt?: string;
  /** Who pushed it (Cellport user or robot). */
  pusher?: string;
};

/**
 * A page of tags.
 *
 * @public
 */
export type ImageTagPage = {
  /** Tags, in the registry's (lexical) order. */
  items: ImageTag[];
  /** Pass as `last` to get the next page; absent on the last page. */
  next?: string;
  /** Pass as `cursor` to get the next page (the same page as `last`); absent on the last page. */
  nextCursor?: string;
};

/**
 * A personal access token (never with its secret, except once on creation).
 *
 * @public
 */
export type PersonalAccessToken = {
  /** Identifier. */
  id: string;
  /** The owner's user entity ref. */
  user: string;
  /** Display name. */
  name: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  expiresAt: string;
  /** ISO 8601, if used. */
  lastUsedAt?: string;
  /** ISO 8601, if revoked. */
  revokedAt?: string;
};

/**
 * The answer to creating a personal access token: the only time the secret is shown.
 *
 * @public
 */
export type CreatedPersonalAccessToken = PersonalAccessToken & {
  /** The secret, to use as the password of `docker login`. */
  token: string;
  /** The registry user name to log in with. */
  username: string;
};

/**
 * Actions a registry token can grant on a repository.
 *
 * @public
 */
export type RegistryAction = 'pull' | 'push' | 'delete';

/**
 * One explicit scope of a robot account: a repository of its group (or `*` for all of them) and
 * the actions allowed.
 *
 * @public
 */
export type RobotScope = {
  /** A repository short name in the robot's group, or `*`. */
  repository: string;
  /** Allowed actions. */
  actions: RegistryAction[];
};

/**
 * A robot account of an image group (for builds and image pull secrets).
 *
 * @public
 */
export type RobotAccount = {
  /** Short name, unique in the group. */
  name: string;
  /** The image group. */
  group: string;
  /** The registry user name: `robot$<group>+<name>`. */
  username: string;
  /** Explicit scopes. */
  scopes: RobotScope[];
  /** Entity ref of the creator. */
  createdBy: string;
  /**
   * For a robot a service made for a user (the cells plugin's image pull robots): that user.
   * The robot never gets more than the user may do at the time of each token request, so it
   * stops working when the user loses the right.
   */
  onBehalfOf?: string;
  /** ISO 8601; the token endpoint refuses the robot from then on. Never expires when absent. */
  expiresAt?: string;
  /** ISO 8601. */
  createdAt: string;
};

/**
 * The answer to creating a robot account: the only time its secret is shown.
 *
 * @public
 */
export type CreatedRobotAccount = RobotAccount & {
  /** The secret, to use as password. */
  secret: string;
};

/**
 * One entry of a repository or group activity feed.
 *
 * @public
 */
export type RegistryActivity = {
  /** Increasing identifier, usable as a cursor. */
  id: number;
  /** The image group. */
  group: string;
  /** The repository, for repository events. */
  repository?: string;
  /** `image-pushed`, `tag-deleted`, `repository-created`, `member-added`, `visibility-changed`, ... */
  action: string;
  /** Who did it. */
  actor: string;
  /** ISO 8601. */
  createdAt: string;
  /** Details (tag, digest, member, role, ...). */
  details: Record<string, unknown>;
};

/**
 * A member of an image group or repository.
 *
 * @public
 */
export type RegistryMember = {
  /** Catalog User entity ref. */
  member: string;
  /** The role. */
  role: Role;
  /** Set when the role comes from the image group. */
  inheritedFrom?: string;
};

/**
 * Prefix of robot account user names.
 *
 * @public
 */
export const ROBOT_USERNAME_PREFIX = 'robot$';

/**
 * The registry user name of a robot account.
 *
 * @public
 */
export function robotUsername(group: string, name: string): string {
  return `${ROBOT_USERNAME_PREFIX}${group}+${name}`;
}

/**
 * The repository actions whose permission the repository API reports in `allowed`, so a frontend
 * shows only the buttons the caller may use (the backend checks regardless).
 *
 * @public
 */
export const REPOSITORY_ACTIONS = [
  'pull',
  'push',
  'tagDelete',
  'update',
  'membersManage',
  'visibilityUpdate',
  'delete',
] as const;

/**
 * What the caller may do on one repository, by action of {@link REPOSITORY_ACTIONS}.
 *
 * @public
 */
export type RepositoryAllowedActions = Record<
  (typeof REPOSITORY_ACTIONS)[number],
  boolean
>;

/**
 * One path component of a registry repository name (distribution's reference grammar):
 * lowercase alphanumerics separated by `.`, `_`, `__` or any number of `-`.
 *
 * @public
 */
export const PATH_COMPONENT_PATTERN =
  /^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$/;

/**
 * Longest repository name the registry accepts (`group/name`).
 *
 * @public
 */
export const MAX_REPOSITORY_NAME_LENGTH = 255;

/**
 * Longest image group or repository component Cellport accepts.
 *
 * @public
 */
export const MAX_COMPONENT_LENGTH = 64;

/**
 * A tag (distribution grammar): `[\w][\w.-]{0,127}`.
 *
 * @public
 */
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * Why a path component (an image group name or a repository's short name) is invalid, or
 * `undefined` when it is valid.
 *
 * @public
 */
export function validatePathComponent(
  value: string,
  what = 'name',
): string | undefined {
  if (typeof value !== 'string' || value.length === 0) {
    return `${what} must not be empty`;
  }
  if (value.length > MAX_COMPONENT_LENGTH) {
    return `${what} must be at most ${MAX_COMPONENT_LENGTH} characters`;
  }
  if (!PATH_COMPONENT_PATTERN.test(value)) {
    return `${what} '${value}' is invalid: use lowercase letters and digits, separated by '.', '_', '__' or '-' (it must start and end with a letter or digit)`;
  }
  return undefined;
}

/**
 * Splits and validates a repository name `group/name`. Returns the parts, or an error message.
 *
 * @public
 */
export function parseRepositoryName(
  value: string,
): { group: string; name: string } | { error: string } {
  if (typeof value !== 'string' || value.length === 0) {
    return { error: 'repository name must not be empty' };
  }
  if (value.length > MAX_REPOSITORY_NAME_LENGTH) {
    return {
      error: `repository name must be at most ${MAX_REPOSITORY_NAME_LENGTH} characters`,
    };
  }
  const parts = value.split('/');
  if (parts.length !== 2) {
    return {
      error: `repository name '${value}' must be '<group>/<name>'`,
    };
  }
  const groupError = validatePathComponent(parts[0], 'image group name');
  if (groupError) {
    return { error: groupError };
  }
  const nameError = validatePathComponent(parts[1], 'repository name');
  if (nameError) {
    return { error: nameError };
  }
  return { group: parts[0], name: parts[1] };
}

/**
 * Whether a tag is valid by the registry grammar.
 *
 * @public
 */
export function isValidTag(tag: string): boolean {
  return typeof tag === 'string' && TAG_PATTERN.test(tag);
}

import { TAG_PATTERN } from '@cellport/plugin-registry-common';
import { TagRule } from './types';

/**
 * Length of a commit's short SHA in image tags.
 *
 * @public
 */
export const SHORT_SHA_LENGTH = 7;

/**
 * The image tag a rule yields for a build, or `undefined` when it depends on the commit and the
 * commit is not known yet (the agent fills it in once it has cloned).
 *
 * @public
 */
export function resolveTag(
  rule: TagRule,
  build: { branch: string; commit?: string; counter: number },
): string | undefined {
  switch (rule.type) {
    case 'fixed':
      return rule.tag;
    case 'branch-counter':
      return `${build.branch}-${build.counter}`;
    case 'commit':
    default:
      return build.commit?.slice(0, SHORT_SHA_LENGTH);
  }
}

/**
 * Why a tag is not a valid image tag, or `undefined`.
 *
 * @public
 */
export function validateTag(tag: string): string | undefined {
  if (!TAG_PATTERN.test(tag)) {
    return `'${tag}' is not a valid image tag: up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'`;
  }
  return undefined;
}

/**
 * Why a tag rule yields invalid tags for a branch, or `undefined`.
 *
 * @public
 */
export function validateTagRule(
  rule: TagRule,
  branch: string,
): string | undefined {
  if (rule.type === 'commit') {
    return undefined;
  }
  const sample = resolveTag(rule, { branch, counter: 1 })!;
  const problem = validateTag(sample);
  return problem
    ? `tag rule ${rule.type} yields an invalid tag: ${problem}`
    : undefined;
}

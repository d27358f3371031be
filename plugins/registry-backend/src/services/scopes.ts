import { InputError } from '@backstage/errors';
import { PATH_COMPONENT_PATTERN } from '@cellport/plugin-registry-common';

/**
 * A parsed `scope` of a token request.
 *
 * @public
 */
export type RequestedScope = {
  type: 'repository' | 'registry';
  name: string;
  actions: string[];
};

const MAX_SCOPES = 50;
const MAX_SCOPE_LENGTH = 512;
const ACTION_PATTERN = /^(?:[a-z]+|\*)$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;

/** Validates a repository name by distribution's grammar, with an optional `host[:port]/` prefix. */
function isValidRepositoryName(name: string): boolean {
  if (name.length === 0 || name.length > 255) {
    return false;
  }
  const parts = name.split('/');
  return parts.every((part, i) => {
    if (PATH_COMPONENT_PATTERN.test(part)) {
      return true;
    }
    // a leading domain (with an optional port) is allowed before the path
    if (i === 0 && parts.length > 1) {
      const [host, port, extra] = part.split(':');
      return (
        extra === undefined &&
        host.split('.').every(h => DOMAIN_COMPONENT.test(h)) &&
        (port === undefined || /^[0-9]{1,5}$/.test(port))
      );
    }
    return false;
  });
}

/**
 * Parses the `scope` query parameters of a token request: repeated and space-separated,
 * `repository:<name>:<actions>` or `registry:catalog:*`. Identical scopes are merged.
 *
 * @throws InputError on a malformed scope.
 * @public
 */
export function parseScopes(raw: unknown): RequestedScope[] {
  let values: string[];
  if (raw === undefined) {
    values = [];
  } else if (typeof raw === 'string') {
    values = [raw];
  } else if (Array.isArray(raw) && raw.every(v => typeof v === 'string')) {
    values = raw as string[];
  } else {
    throw new InputError('scope must be a string parameter');
  }
  const items = values.flatMap(v => v.split(' ')).filter(v => v.length > 0);
  if (items.length > MAX_SCOPES) {
    throw new InputError(`at most ${MAX_SCOPES} scopes may be requested`);
  }
  const merged = new Map<string, RequestedScope>();
  for (const item of items) {
    if (item.length > MAX_SCOPE_LENGTH) {
      throw new InputError(
        `scope is longer than ${MAX_SCOPE_LENGTH} characters`,
      );
    }
    const first = item.indexOf(':');
    const last = item.lastIndexOf(':');
    if (first <= 0 || last === first) {
      throw new InputError(
        `malformed scope '${item}': expected <type>:<name>:<actions>`,
      );
    }
    // resource class, e.g. repository(plugin), is accepted and ignored
    const rawType = item.slice(0, first).replace(/\([a-z0-9]+\)$/, '');
    const name = item.slice(first + 1, last);
    const actions = item.slice(last + 1).split(',');
    if (rawType !== 'repository' && rawType !== 'registry') {
      throw new InputError(
        `malformed scope '${item}': type must be 'repository' or 'registry'`,
      );
    }
    if (actions.some(a => !ACTION_PATTERN.test(a))) {
      throw new InputError(
        `malformed scope '${item}': actions must be a comma-separated list such as pull,push`,
      );
    }
    if (rawType === 'registry' && name !== 'catalog') {
      throw new InputError(
        `malformed scope '${item}': the only registry resource is 'catalog'`,
      );
    }
    if (rawType === 'repository' && !isValidRepositoryName(name)) {
      throw new InputError(
        `malformed scope '${item}': '${name}' is not a valid repository name`,
      );
    }
    const key = `${rawType}:${name}`;
    const existing = merged.get(key);
    if (existing) {
      existing.actions = [...new Set([...existing.actions, ...actions])];
    } else {
      merged.set(key, { type: rawType, name, actions: [...new Set(actions)] });
    }
  }
  return [...merged.values()];
}

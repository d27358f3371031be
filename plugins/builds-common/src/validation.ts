/**
 * Why a git URL is not acceptable, or `undefined`. Only http(s) and ssh are accepted (also the
 * scp-like `git@host:path` form): no local paths, `file://` or `ext::` transports, no option-like
 * values.
 *
 * @public
 */
export function validateGitUrl(value: string): string | undefined {
  if (!value) {
    return 'repositoryUrl must not be empty';
  }
  if (/\s/.test(value) || value.startsWith('-')) {
    return `repositoryUrl '${value}' must not contain spaces or start with '-'`;
  }
  const scpLike = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!\/\/)[^\s]+$/;
  if (scpLike.test(value)) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `repositoryUrl '${value}' is not a URL: use https://host/path.git, http://host/path.git or ssh://git@host/path.git`;
  }
  if (!['http:', 'https:', 'ssh:'].includes(url.protocol)) {
    return `repositoryUrl must be http(s) or ssh, not ${url.protocol.replace(
      ':',
      '',
    )}`;
  }
  if (!url.hostname) {
    return `repositoryUrl '${value}' has no host`;
  }
  if (url.pathname === '/' || url.pathname === '') {
    return `repositoryUrl '${value}' names no repository path`;
  }
  if (url.password) {
    return 'repositoryUrl must not contain a password: use a secret build arg or the agent host credentials';
  }
  return undefined;
}

/**
 * Normalizes a relative path inside a repository (`./a//b/` → `a/b`, `` or `.` → `.`), or returns
 * `undefined` when it is absolute or leaves the top folder through `..`.
 *
 * @public
 */
export function normalizeInnerPath(value: string): string | undefined {
  if (value.startsWith('/') || value.includes('\\') || value.includes('\0')) {
    return undefined;
  }
  const out: string[] = [];
  for (const part of value.split('/')) {
    if (part === '' || part === '.') {
      continue;
    }
    if (part === '..') {
      if (out.length === 0) {
        return undefined;
      }
      out.pop();
      continue;
    }
    out.push(part);
  }
  return out.length ? out.join('/') : '.';
}

/**
 * A DNS-1123 label: the grammar of build config names.
 *
 * @public
 */
export const BUILD_CONFIG_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * A git branch name as `git check-ref-format --branch` accepts it (the common rules).
 *
 * @public
 */
export function validateBranch(value: string): string | undefined {
  if (
    !value ||
    value.length > 200 ||
    value.startsWith('-') ||
    value.startsWith('/') ||
    value.endsWith('/') ||
    value.endsWith('.') ||
    value.endsWith('.lock') ||
    value.includes('..') ||
    value.includes('//') ||
    value.includes('@{') ||
    /[\s~^:?*[\\]/.test(value) ||
    [...value].some(c => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)
  ) {
    return `branch '${value}' is not a valid git branch name`;
  }
  return undefined;
}

/**
 * Build argument names that look like credentials: their values must be marked secret.
 *
 * @public
 */
export const SECRET_LOOKING_ARG =
  /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;

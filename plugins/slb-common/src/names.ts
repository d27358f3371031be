/**
 * Host name and label grammar of the load balancer: RFC 1123 host names for domains, DNS-1123
 * labels for LB groups, apps and hosts.
 */

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Whether `name` is a DNS-1123 label: lower case letters, digits and '-', 1 to 63 characters,
 * starting and ending with a letter or digit.
 *
 * @public
 */
export function isDnsLabel(name: string): boolean {
  return LABEL.test(name);
}

/**
 * Why `name` is not an RFC 1123 host name (lower case, dot-separated labels of 1-63 letters,
 * digits and '-', at most 253 characters, at least two labels, not all-numeric top label), or
 * `undefined` when it is one.
 *
 * @public
 */
export function hostNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (name.length > 253) return 'must be at most 253 characters';
  if (name !== name.toLowerCase()) return 'must be lower case';
  const labels = name.split('.');
  if (labels.length < 2) {
    return 'must have at least two labels (for example shop.example.com)';
  }
  for (const label of labels) {
    if (!isDnsLabel(label)) {
      return `label '${label}' must be 1-63 letters, digits or '-', starting and ending with a letter or digit`;
    }
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1])) {
    return 'the last label must not be all digits (an IP address is not a host name)';
  }
  return undefined;
}

/**
 * Whether `name` is an RFC 1123 host name as {@link hostNameProblem} defines it.
 *
 * @public
 */
export function isHostName(name: string): boolean {
  return hostNameProblem(name) === undefined;
}

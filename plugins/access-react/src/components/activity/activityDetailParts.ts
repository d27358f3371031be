/**
 * A detail of an activity entry that a plugin shows as text, with how it is labelled.
 *
 * @public
 */
export type ActivityDetailKey = {
  /** The key in the entry's details. */
  key: string;
  /** Shown before the value (default: the key); an empty label shows the value alone. */
  label?: string;
  /** Shown in a monospace font (tags, digests, robot names). */
  monospace?: boolean;
  /** May wrap across lines (long free text such as a reason); other parts keep to one line. */
  wrap?: boolean;
  /** Formats the value (e.g. a digest shortened, a build number as `#12`). */
  format?: (value: string) => string;
};

/**
 * One part of an activity entry's details: a label and either text (`tag v1`) or a person, a
 * catalog User or Group reference to show by display name (`member user:default/bob`).
 *
 * @public
 */
export type ActivityDetailPart =
  | { label: string; text: string; monospace?: boolean; wrap?: boolean }
  | { label: string; person: string };

/** Details naming people, written by the access library (members, ownership, robots). */
const PERSON_KEYS: ActivityDetailKey[] = [
  { key: 'member' },
  { key: 'newOwner', label: 'new owner' },
  { key: 'demotedOwners', label: 'demoted' },
  { key: 'onBehalfOf', label: 'on behalf of' },
];

/** Text details written by the access library (roles, visibility), after the plugin's own. */
const ACCESS_TEXT_KEYS: ActivityDetailKey[] = [
  { key: 'role' },
  { key: 'previousRole', label: 'was' },
  { key: 'visibility' },
  { key: 'previousVisibility', label: 'was' },
];

function values(value: unknown): string[] {
  if (typeof value === 'string') {
    return value ? [value] : [];
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return [String(value)];
  }
  return Array.isArray(value) ? value.flatMap(values) : [];
}

/**
 * The parts of an activity entry's details, each to be kept on one line: the people it names
 * first (by reference, for {@link ActivityDetails} to show by display name), then the plugin's
 * own keys in the order given, then roles and visibility. Keys nobody listed are left out.
 *
 * @public
 */
export function activityDetailParts(
  details: Record<string, unknown> | undefined,
  keys: ActivityDetailKey[] = [],
): ActivityDetailPart[] {
  const d = details ?? {};
  const parts: ActivityDetailPart[] = [];
  for (const { key, label } of PERSON_KEYS) {
    for (const person of values(d[key])) {
      parts.push({ label: label ?? key, person });
    }
  }
  for (const { key, label, monospace, wrap, format } of [
    ...keys,
    ...ACCESS_TEXT_KEYS,
  ]) {
    const all = values(d[key]);
    if (all.length) {
      const text = all.join(', ');
      parts.push({
        label: label ?? key,
        text: format ? format(text) : text,
        ...(monospace ? { monospace } : {}),
        ...(wrap ? { wrap } : {}),
      });
    }
  }
  return parts;
}

/**
 * A plain-text summary of an activity entry's details (`member user:default/bob · role reporter`),
 * for search and tests; pages show {@link ActivityDetails}, with people by display name.
 *
 * @public
 */
export function describeActivityDetails(
  details: Record<string, unknown> | undefined,
  keys: ActivityDetailKey[] = [],
): string {
  return activityDetailParts(details, keys)
    .map(p => {
      const value = 'person' in p ? p.person : p.text;
      return p.label ? `${p.label} ${value}` : value;
    })
    .join(' · ');
}

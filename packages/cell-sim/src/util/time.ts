/** RFC 3339 timestamp with second precision, as metadata timestamps are serialized. */
export function nowRfc3339(date: Date = new Date()): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** RFC 3339 timestamp with microsecond precision (MicroTime). */
export function nowMicro(date: Date = new Date()): string {
  return `${date.toISOString().slice(0, 23)}000Z`;
}

/** RFC 3339 timestamp with nanosecond precision (log timestamps). */
export function nowNano(date: Date = new Date()): string {
  return `${date.toISOString().slice(0, 23)}000000Z`;
}

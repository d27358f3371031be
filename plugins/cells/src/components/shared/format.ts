/** How long ago an ISO time was, in the largest fitting unit: `45s`, `12m`, `3h`, `2d`. */
export function age(iso: string | undefined, now = Date.now()): string {
  if (!iso) {
    return '—';
  }
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (Number.isNaN(seconds)) {
    return '—';
  }
  if (seconds < 60) {
    return `${seconds}s`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)}m`;
  }
  if (seconds < 86400) {
    return `${Math.floor(seconds / 3600)}h`;
  }
  return `${Math.floor(seconds / 86400)}d`;
}

/** A local date and time, or a dash. */
export function dateTime(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The HTTP status of a `ResponseError`, if it is one. */
export function statusOf(error: unknown): number | undefined {
  return (error as { response?: { status?: number } } | undefined)?.response
    ?.status;
}

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

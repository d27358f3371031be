import { Tooltip } from '@material-ui/core';
import { DateTime } from 'luxon';

/**
 * Props of {@link RelativeTime}.
 *
 * @public
 */
export type RelativeTimeProps = {
  /** An ISO 8601 timestamp, epoch milliseconds or a Date. */
  value: string | number | Date | undefined | null;
  /** Shown when there is no value (default "—"). */
  empty?: string;
  /** "Now" for tests; default the current time. */
  now?: Date;
};

function toDateTime(value: string | number | Date): DateTime {
  if (value instanceof Date) {
    return DateTime.fromJSDate(value);
  }
  return typeof value === 'number'
    ? DateTime.fromMillis(value)
    : DateTime.fromISO(value);
}

/**
 * The relative text of a time ("3 minutes ago", "in 29 days") and its absolute form
 * ("6 December 2026 at 07:42:05 UTC"), or undefined when the value is not a time.
 *
 * @public
 */
export function describeTime(
  value: string | number | Date,
  now: Date = new Date(),
): { relative: string; absolute: string; iso: string } | undefined {
  const time = toDateTime(value);
  if (!time.isValid) {
    return undefined;
  }
  const base = DateTime.fromJSDate(now);
  const relative =
    Math.abs(time.diff(base).as('seconds')) < 45
      ? 'just now'
      : time.toRelative({ base }) ?? time.toISO()!;
  return {
    relative,
    absolute: time.toLocaleString(DateTime.DATETIME_FULL_WITH_SECONDS),
    iso: time.toISO()!,
  };
}

/**
 * A time shown relative to now, with the absolute time on hover (and in the `title` of the
 * `<time>` element, for screen readers and tests).
 *
 * @public
 */
export function RelativeTime(props: RelativeTimeProps) {
  const { value } = props;
  const described =
    value === undefined || value === null || value === ''
      ? undefined
      : describeTime(value, props.now);
  if (!described) {
    return <span>{props.empty ?? '—'}</span>;
  }
  return (
    <Tooltip title={described.absolute}>
      <time
        dateTime={described.iso}
        aria-label={described.absolute}
        data-absolute={described.absolute}
        style={{ whiteSpace: 'nowrap' }}
      >
        {described.relative}
      </time>
    </Tooltip>
  );
}

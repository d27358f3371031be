/** Formatting of the admin view's quantities. */

/** CPU millicores as the cells plugin shows them: `250m`, `2.5 cores`. */
export function formatCpu(millis: number): string {
  if (millis < 1000) return `${Math.round(millis)}m`;
  const cores = millis / 1000;
  return `${Number.isInteger(cores) ? cores : cores.toFixed(cores < 10 ? 2 : 1)} cores`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Bytes in binary units: `512 MiB`, `1.5 GiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
  return `${text} ${UNITS[unit]}`;
}

/** `used / limit` with the limit's unit, or `used (no limit)`. */
export function usageText(used: number, limit: number | undefined, format: (n: number) => string): string {
  return limit === undefined ? `${format(used)} (no limit)` : `${format(used)} of ${format(limit)}`;
}

/** Percent of `part` in `whole` for a bar, 0..100 (100 when there is no capacity but some use). */
export function percent(part: number, whole: number): number {
  if (whole <= 0) return part > 0 ? 100 : 0;
  return Math.min(100, (part / whole) * 100);
}

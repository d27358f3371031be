import type { PanelUnit } from '@cellport/plugin-observability-common';

const BYTES = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

function bytes(value: number): string {
  let v = value;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < BYTES.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 100 || i === 0 ? 0 : 1)} ${BYTES[i]}`;
}

function short(value: number, digits = 2): string {
  if (value === 0) return '0';
  if (Math.abs(value) >= 100) return value.toFixed(0);
  return Number(value.toPrecision(digits + 1)).toString();
}

/** A value of a panel in its unit, e.g. `12.3 req/s`, `1.2%`, `250 ms`, `48.0 MiB`. */
export function formatValue(value: number, unit: PanelUnit): string {
  switch (unit) {
    case 'requestsPerSecond':
      return `${short(value)} req/s`;
    case 'ratio':
      return `${short(value * 100)}%`;
    case 'seconds':
      return value < 1 ? `${short(value * 1000)} ms` : `${short(value)} s`;
    case 'cores':
      return value < 1 ? `${short(value * 1000)} m` : `${short(value)} cores`;
    case 'bytes':
      return bytes(value);
    case 'bytesPerSecond':
      return `${bytes(value)}/s`;
    default:
      return short(value);
  }
}

/** A chart's time axis label: `HH:mm` within a day, `d MMM HH:mm` beyond. */
export function formatTime(seconds: number, rangeSeconds: number): string {
  const d = new Date(seconds * 1000);
  const hm = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (rangeSeconds <= 24 * 3600) return hm;
  return `${d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${hm}`;
}

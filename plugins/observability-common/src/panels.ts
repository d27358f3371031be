/**
 * The dashboard panels: one named PromQL template each on the backend; users pick panels, never
 * queries.
 *
 * @public
 */
export const PANEL_IDS = [
  'requestRate',
  'errorRatio',
  'latencyP50',
  'latencyP95',
  'latencyP99',
  'cpu',
  'memory',
  'networkIn',
  'networkOut',
  'restarts',
] as const;

/**
 * A dashboard panel id.
 *
 * @public
 */
export type PanelId = (typeof PANEL_IDS)[number];

/**
 * The unit of a panel's values, for formatting.
 *
 * @public
 */
export type PanelUnit =
  | 'requestsPerSecond'
  | 'ratio'
  | 'seconds'
  | 'cores'
  | 'bytes'
  | 'bytesPerSecond'
  | 'count';

/**
 * What a panel shows.
 *
 * @public
 */
export interface PanelInfo {
  title: string;
  unit: PanelUnit;
  /** Whether the panel's series only exist while the app answers requests. */
  needsTraffic: boolean;
}

/**
 * Title, unit and traffic dependency of every panel.
 *
 * @public
 */
export const PANELS: Readonly<Record<PanelId, PanelInfo>> = {
  requestRate: {
    title: 'Request rate',
    unit: 'requestsPerSecond',
    needsTraffic: true,
  },
  errorRatio: { title: 'Error ratio (5xx)', unit: 'ratio', needsTraffic: true },
  latencyP50: { title: 'Latency p50', unit: 'seconds', needsTraffic: true },
  latencyP95: { title: 'Latency p95', unit: 'seconds', needsTraffic: true },
  latencyP99: { title: 'Latency p99', unit: 'seconds', needsTraffic: true },
  cpu: { title: 'CPU', unit: 'cores', needsTraffic: false },
  memory: { title: 'Memory (working set)', unit: 'bytes', needsTraffic: false },
  networkIn: {
    title: 'Network in',
    unit: 'bytesPerSecond',
    needsTraffic: false,
  },
  networkOut: {
    title: 'Network out',
    unit: 'bytesPerSecond',
    needsTraffic: false,
  },
  restarts: {
    title: 'Container restarts',
    unit: 'count',
    needsTraffic: false,
  },
};

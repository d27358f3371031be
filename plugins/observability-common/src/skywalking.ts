/**
 * The app's service topology from SkyWalking: nodes and calls with call rate and latency.
 *
 * @public
 */
export interface SkyWalkingTopology {
  service: string;
  nodes: Array<{ name: string; isReal: boolean; self: boolean }>;
  calls: Array<{ source: string; target: string; cpm: number | null; respTimeMs: number | null }>;
}

/**
 * One trace of the app (a segment of its service).
 *
 * @public
 */
export interface SkyWalkingTraceSummary {
  traceId: string;
  segmentId: string;
  endpoint: string;
  durationMs: number;
  start: string;
  isError: boolean;
}

/**
 * A span of a trace, as the query protocol's `Span`.
 *
 * @public
 */
export interface SkyWalkingSpan {
  traceId: string;
  segmentId: string;
  spanId: number;
  parentSpanId: number;
  serviceCode: string;
  serviceInstanceName: string;
  startTime: number;
  endTime: number;
  endpointName?: string;
  type: string;
  peer?: string;
  isError?: boolean;
  refs: Array<{ parentSegmentId: string; parentSpanId: number; type: string }>;
}

/**
 * An endpoint of the app's service with its figures over the range.
 *
 * @public
 */
export interface SkyWalkingEndpoint {
  name: string;
  cpm: number | null;
  respTimeMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  slaPercent: number | null;
}

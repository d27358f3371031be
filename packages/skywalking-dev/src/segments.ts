/**
 * SkyWalking's native trace segment format as agents report it over HTTP
 * (`POST /v3/segments`, a JSON array of SegmentObject; `POST /v3/segment`, one), and the `sw8`
 * cross-process propagation header.
 */

/** A reference from a span to its parent in another segment (cross-process or cross-thread). */
export interface SegmentReference {
  refType: 'CrossProcess' | 'CrossThread';
  traceId: string;
  parentTraceSegmentId: string;
  parentSpanId: number;
  parentService: string;
  parentServiceInstance: string;
  parentEndpoint: string;
  networkAddressUsedAtPeer: string;
}

/** One span of a segment. */
export interface SpanObject {
  spanId: number;
  parentSpanId: number;
  startTime: number;
  endTime: number;
  refs?: SegmentReference[];
  operationName: string;
  peer?: string;
  spanType: 'Entry' | 'Exit' | 'Local';
  spanLayer?: 'Unknown' | 'Database' | 'RPCFramework' | 'Http' | 'MQ' | 'Cache' | 'FAAS';
  componentId?: number;
  isError?: boolean;
  tags?: Array<{ key: string; value: string }>;
  skipAnalysis?: boolean;
}

/** A trace segment: the spans of one trace in one process (thread). */
export interface SegmentObject {
  traceId: string;
  traceSegmentId: string;
  spans: SpanObject[];
  service: string;
  serviceInstance: string;
  isSizeLimited?: boolean;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

/** The `sw8` header value carrying the context of an exit span to the callee. */
export function encodeSw8(ctx: {
  traceId: string;
  segmentId: string;
  spanId: number;
  service: string;
  instance: string;
  endpoint: string;
  peer: string;
}): string {
  return [
    '1',
    b64(ctx.traceId),
    b64(ctx.segmentId),
    String(ctx.spanId),
    b64(ctx.service),
    b64(ctx.instance),
    b64(ctx.endpoint),
    b64(ctx.peer),
  ].join('-');
}

/** The cross-process reference an `sw8` header describes, or undefined when it is malformed. */
export function decodeSw8(value: string | undefined): SegmentReference | undefined {
  const parts = value?.split('-');
  if (!parts || parts.length !== 8 || parts[0] !== '1') return undefined;
  const spanId = Number(parts[3]);
  if (!Number.isInteger(spanId)) return undefined;
  return {
    refType: 'CrossProcess',
    traceId: unb64(parts[1]),
    parentTraceSegmentId: unb64(parts[2]),
    parentSpanId: spanId,
    parentService: unb64(parts[4]),
    parentServiceInstance: unb64(parts[5]),
    parentEndpoint: unb64(parts[6]),
    networkAddressUsedAtPeer: unb64(parts[7]),
  };
}

/** SkyWalking's service ID: BASE64(name) + '.1' (a normal service). */
export const serviceId = (name: string) => `${b64(name)}.1`;
/** SkyWalking's endpoint ID: service ID + '_' + BASE64(endpoint name). */
export const endpointId = (service: string, endpoint: string) => `${serviceId(service)}_${b64(endpoint)}`;
/** The service name of a service ID, or undefined. */
export function serviceNameOf(id: string): string | undefined {
  const m = /^(.+)\.[01]$/.exec(id);
  return m ? unb64(m[1]) : undefined;
}
/** Service and endpoint names of an endpoint ID, or undefined. */
export function endpointOf(id: string): { service: string; endpoint: string } | undefined {
  const m = /^(.+)\.[01]_(.+)$/.exec(id);
  return m ? { service: unb64(m[1]), endpoint: unb64(m[2]) } : undefined;
}

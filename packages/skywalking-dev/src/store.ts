import { SegmentObject, SpanObject } from './segments';

/** Request figures of one minute: calls, errors, summed and all latencies (ms). */
export interface MinuteStats {
  calls: number;
  errors: number;
  latencySum: number;
  latencies: number[];
}

const minuteOf = (ms: number) => Math.floor(ms / 60_000);

function add(map: Map<string, Map<number, MinuteStats>>, key: string, span: SpanObject) {
  let minutes = map.get(key);
  if (!minutes) map.set(key, (minutes = new Map()));
  const m = minuteOf(span.startTime);
  let s = minutes.get(m);
  if (!s) minutes.set(m, (s = { calls: 0, errors: 0, latencySum: 0, latencies: [] }));
  const latency = Math.max(0, span.endTime - span.startTime);
  s.calls++;
  if (span.isError) s.errors++;
  s.latencySum += latency;
  s.latencies.push(latency);
}

/** What the development server knows: received segments and their per-minute aggregates. */
export class SegmentStore {
  readonly segments: SegmentObject[] = [];
  readonly services = new Set<string>();
  /** service -> endpoint names (entry spans) */
  readonly endpoints = new Map<string, Set<string>>();
  /** `service` -> minute -> stats of its entry spans */
  readonly serviceStats = new Map<string, Map<number, MinuteStats>>();
  /** `service\u0000endpoint` -> minute -> stats */
  readonly endpointStats = new Map<string, Map<number, MinuteStats>>();
  /** `service\u0000instance` -> minute -> stats of the instance's entry spans */
  readonly instanceStats = new Map<string, Map<number, MinuteStats>>();
  /** service -> instance names */
  readonly instances = new Map<string, Set<string>>();
  /** `source\u0000target` (server side: entry spans with a cross-process ref) -> minute -> stats */
  readonly relationStats = new Map<string, Map<number, MinuteStats>>();

  constructor(private readonly maxSegments = 50_000) {}

  /** Adds segments; malformed ones are refused with the reason (nothing of them is kept). */
  ingest(segments: SegmentObject[]): void {
    for (const segment of segments) {
      this.segments.push(segment);
      this.services.add(segment.service);
      for (const span of segment.spans) {
        if (span.spanType !== 'Entry' || span.skipAnalysis) continue;
        let eps = this.endpoints.get(segment.service);
        if (!eps) this.endpoints.set(segment.service, (eps = new Set()));
        eps.add(span.operationName);
        add(this.serviceStats, segment.service, span);
        add(this.instanceStats, `${segment.service}\u0000${segment.serviceInstance}`, span);
        let insts = this.instances.get(segment.service);
        if (!insts) this.instances.set(segment.service, (insts = new Set()));
        insts.add(segment.serviceInstance);
        add(this.endpointStats, `${segment.service}\u0000${span.operationName}`, span);
        for (const ref of span.refs ?? []) {
          if (ref.refType !== 'CrossProcess') continue;
          this.services.add(ref.parentService);
          add(this.relationStats, `${ref.parentService}\u0000${segment.service}`, span);
        }
      }
    }
    if (this.segments.length > this.maxSegments) {
      this.segments.splice(0, this.segments.length - this.maxSegments);
    }
  }

  /** Relations (source, target) with calls in the minutes [from, to]. */
  relations(from: number, to: number): Array<{ source: string; target: string }> {
    const out: Array<{ source: string; target: string }> = [];
    for (const [key, minutes] of this.relationStats) {
      if ([...minutes.keys()].some(m => m >= from && m <= to)) {
        const [source, target] = key.split('\u0000');
        out.push({ source, target });
      }
    }
    return out;
  }
}

/** Checks the shape of a reported segment; returns the problem, or undefined when it is fine. */
export function segmentProblem(value: unknown, index: number): string | undefined {
  const s = value as Partial<SegmentObject> | null;
  const where = `segment ${index}`;
  if (!s || typeof s !== 'object') return `${where}: not an object`;
  for (const field of ['traceId', 'traceSegmentId', 'service', 'serviceInstance'] as const) {
    if (typeof s[field] !== 'string' || !s[field]) return `${where}: ${field} must be a non-empty string`;
  }
  if (!Array.isArray(s.spans) || s.spans.length === 0) return `${where}: spans must be a non-empty array`;
  for (const [i, span] of s.spans.entries()) {
    if (!span || typeof span !== 'object') return `${where}, span ${i}: not an object`;
    if (!['Entry', 'Exit', 'Local'].includes(span.spanType)) return `${where}, span ${i}: spanType must be Entry, Exit or Local`;
    if (!Number.isFinite(span.startTime) || !Number.isFinite(span.endTime)) return `${where}, span ${i}: startTime and endTime must be epoch milliseconds`;
    if (!Number.isInteger(span.spanId) || !Number.isInteger(span.parentSpanId)) return `${where}, span ${i}: spanId and parentSpanId must be integers`;
    if (typeof span.operationName !== 'string') return `${where}, span ${i}: operationName must be a string`;
  }
  return undefined;
}

/**
 * SkyWalking tracing of the simulated app, like a SkyWalking agent: when the container's
 * environment names a collector (`SW_AGENT_COLLECTOR_BACKEND_SERVICES=host:port`, the agent's own
 * variable; here the OAP's HTTP receiver), every request becomes a trace segment (an Entry span,
 * continuing the caller's trace from its `sw8` header, and an Exit span per downstream call of
 * `SIM_DOWNSTREAM_URL`, which carries `sw8` on) reported in the native HTTP JSON format to
 * `POST http://<collector>/v3/segments`, batched every 500 ms. Reporting failures are dropped, as
 * an agent's buffer would.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

type Ref = {
  refType: 'CrossProcess';
  traceId: string;
  parentTraceSegmentId: string;
  parentSpanId: number;
  parentService: string;
  parentServiceInstance: string;
  parentEndpoint: string;
  networkAddressUsedAtPeer: string;
};

type Span = {
  spanId: number;
  parentSpanId: number;
  startTime: number;
  endTime: number;
  refs?: Ref[];
  operationName: string;
  peer?: string;
  spanType: 'Entry' | 'Exit';
  spanLayer: 'Http';
  componentId: number;
  isError: boolean;
  tags: Array<{ key: string; value: string }>;
};

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

function parseSw8(value: string | string[] | undefined, peer: string): Ref | undefined {
  const parts = typeof value === 'string' ? value.split('-') : [];
  if (parts.length !== 8 || parts[0] !== '1' || !Number.isInteger(Number(parts[3]))) return undefined;
  return {
    refType: 'CrossProcess',
    traceId: unb64(parts[1]),
    parentTraceSegmentId: unb64(parts[2]),
    parentSpanId: Number(parts[3]),
    parentService: unb64(parts[4]),
    parentServiceInstance: unb64(parts[5]),
    parentEndpoint: unb64(parts[6]),
    networkAddressUsedAtPeer: unb64(parts[7]) || peer,
  };
}

/** One traced request: its segment, built as the request goes. */
export interface TracedRequest {
  /** Calls the downstream services (Exit spans, `sw8` propagated); resolves when all answered. */
  callDownstreams(): Promise<void>;
  /** Ends the Entry span with the answer's status and queues the segment. */
  end(status: number): void;
}

/** Traces requests of one container and reports their segments. */
export class Tracer {
  private queue: unknown[] = [];
  private timer?: NodeJS.Timeout;

  /** A tracer when the environment names a collector, else undefined (no tracing). */
  static fromEnv(
    env: Record<string, string>,
    identity: { app: string; pod: string; podIP: string },
  ): Tracer | undefined {
    const collector = env.SW_AGENT_COLLECTOR_BACKEND_SERVICES?.split(',')[0]?.trim();
    if (!collector) return undefined;
    const downstreams = (env.SIM_DOWNSTREAM_URL ?? '')
      .split(',')
      .map(s => s.trim())
      .filter(Boolean);
    return new Tracer(
      collector.includes('://') ? collector : `http://${collector}`,
      env.SW_AGENT_NAME || identity.app,
      `${identity.pod}@${identity.podIP}`,
      downstreams,
    );
  }

  private constructor(
    private readonly collectorUrl: string,
    private readonly service: string,
    private readonly instance: string,
    private readonly downstreams: string[],
  ) {}

  /** Starts the segment of a request (its Entry span). */
  begin(req: IncomingMessage, path: string): TracedRequest {
    const host = `${req.socket.localAddress}:${req.socket.localPort}`;
    const ref = parseSw8(req.headers.sw8, host);
    const traceId = ref?.traceId ?? randomUUID();
    const segmentId = randomUUID();
    const entry: Span = {
      spanId: 0,
      parentSpanId: -1,
      startTime: Date.now(),
      endTime: 0,
      ...(ref ? { refs: [ref] } : {}),
      operationName: path,
      spanType: 'Entry',
      spanLayer: 'Http',
      componentId: 49,
      isError: false,
      tags: [{ key: 'http.method', value: req.method ?? 'GET' }, { key: 'url', value: req.url ?? path }],
    };
    const spans: Span[] = [entry];
    return {
      callDownstreams: async () => {
        await Promise.all(
          this.downstreams.map(async url => {
            const target = new URL(url);
            const exit: Span = {
              spanId: spans.length,
              parentSpanId: 0,
              startTime: Date.now(),
              endTime: 0,
              operationName: target.pathname,
              peer: target.host,
              spanType: 'Exit',
              spanLayer: 'Http',
              componentId: 49,
              isError: false,
              tags: [{ key: 'http.method', value: 'GET' }, { key: 'url', value: url }],
            };
            spans.push(exit);
            const sw8 = ['1', b64(traceId), b64(segmentId), String(exit.spanId), b64(this.service),
              b64(this.instance), b64(path), b64(target.host)].join('-');
            try {
              const res = await fetch(url, { headers: { sw8 }, signal: AbortSignal.timeout(5000) });
              await res.arrayBuffer();
              exit.isError = res.status >= 500;
              exit.tags.push({ key: 'http.status_code', value: String(res.status) });
            } catch {
              exit.isError = true;
            }
            exit.endTime = Date.now();
          }),
        );
      },
      end: status => {
        entry.endTime = Date.now();
        entry.isError = status >= 500;
        entry.tags.push({ key: 'http.status_code', value: String(status) });
        this.queue.push({ traceId, traceSegmentId: segmentId, service: this.service, serviceInstance: this.instance, spans });
        this.timer ??= setTimeout(() => this.flush(), 500);
      },
    };
  }

  private flush() {
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (!batch.length) return;
    fetch(`${this.collectorUrl}/v3/segments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(batch),
      signal: AbortSignal.timeout(5000),
    }).then(r => r.arrayBuffer(), () => undefined);
  }
}

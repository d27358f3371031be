/**
 * A bounded keep-alive HTTP load generator for loopback tests: a fixed number of connections,
 * each sending its next request as soon as the previous answer arrived (like wrk), for a bounded
 * time and request count. Counts answers by status and socket errors.
 */
import http from 'node:http';

/** Options of {@link startHttpLoad}. */
export interface HttpLoadOptions {
  /** The URL to request (loopback). */
  url: string;
  /** `Host` header (the domain, when the URL names an Nginx address). */
  host?: string;
  /** Parallel keep-alive connections (default 8). */
  connections?: number;
  /** Hard limit of the run (default 120 s); the generator stops by itself then. */
  maxDurationMs?: number;
  /** Hard limit of requests (default 2,000,000). */
  maxRequests?: number;
  /** Per request timeout (default 5 s). */
  timeoutMs?: number;
  /**
   * Keep connections alive between requests (default true); false opens a new connection for
   * every request, like clients without keep-alive.
   */
  keepAlive?: boolean;
}

/** What a run saw. */
export interface HttpLoadResult {
  requests: number;
  /** Answers by status code. */
  statuses: Record<number, number>;
  /** Answers that were not 2xx. */
  non2xx: number;
  /** Requests that got no answer (reset, refused, timeout), with the first few messages. */
  socketErrors: number;
  errorSamples: string[];
  /**
   * Requests written on a kept-alive connection the server had just closed (no answer started),
   * retried once on a new connection, as HTTP clients do for idempotent requests.
   */
  keepAliveRetries: number;
  /** Answers by the `x-served-by`-like header named in `countHeader`, when given. */
  byHeader: Record<string, number>;
  /** 2xx answers by the value `countBody` found in their body, when given. */
  byBody: Record<string, number>;
  durationMs: number;
  requestsPerSecond: number;
}

/** A running load generator. */
export interface HttpLoad {
  /** Counts so far. */
  snapshot(): HttpLoadResult;
  /** Stops and waits for the requests in flight. */
  stop(): Promise<HttpLoadResult>;
}

/**
 * Starts sending. `countHeader` names a response header whose values are tallied (for example the
 * version or pod that answered).
 */
export function startHttpLoad(
  options: HttpLoadOptions & {
    countHeader?: string;
    /** Tallies 2xx answers by what this returns for their body (e.g. the version that answered). */
    countBody?: (body: string) => string;
  },
): HttpLoad {
  const connections = options.connections ?? 8;
  const maxDurationMs = options.maxDurationMs ?? 120_000;
  const maxRequests = options.maxRequests ?? 2_000_000;
  const agent = new http.Agent({
    keepAlive: options.keepAlive ?? true,
    maxSockets: connections,
  });
  const started = Date.now();
  const statuses: Record<number, number> = {};
  const byHeader: Record<string, number> = {};
  const byBody: Record<string, number> = {};
  const errorSamples: string[] = [];
  let requests = 0;
  let non2xx = 0;
  let socketErrors = 0;
  let keepAliveRetries = 0;
  let stopping = false;
  let endedAt: number | undefined;

  const one = (): Promise<void> =>
    new Promise<void>(resolve => {
      requests++;
      const req = http.get(
        options.url,
        {
          agent,
          headers: options.host ? { host: options.host } : undefined,
          timeout: options.timeoutMs ?? 5000,
        },
        res => {
          const status = res.statusCode ?? 0;
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status < 200 || status > 299) non2xx++;
          if (options.countHeader) {
            const v = String(res.headers[options.countHeader.toLowerCase()] ?? '-');
            byHeader[v] = (byHeader[v] ?? 0) + 1;
          }
          const countBody = options.countBody;
          if (countBody && status >= 200 && status <= 299) {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', chunk => (body += chunk));
            res.on('end', () => {
              const v = countBody(body);
              byBody[v] = (byBody[v] ?? 0) + 1;
            });
          } else {
            res.resume();
          }
          res.on('end', () => resolve());
          res.on('error', err => {
            socketErrors++;
            if (errorSamples.length < 10) errorSamples.push(String(err.message));
            resolve();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err: NodeJS.ErrnoException) => {
        // The keep-alive race (RFC 9112 section 9.3.1, Node's `reusedSocket` docs): the server closed
        // an idle kept-alive connection (an Nginx reload retires its old workers' idle connections)
        // just as this request was written on it. No answer was started, so a client retries the GET
        // on a new connection, as browsers and HTTP libraries do; counted apart, never as a success
        // of a request that got an answer.
        if (
          req.reusedSocket &&
          (err.code === 'ECONNRESET' || err.message === 'socket hang up')
        ) {
          keepAliveRetries++;
          requests--;
          resolve(one());
          return;
        }
        socketErrors++;
        if (errorSamples.length < 10) errorSamples.push(String(err.message));
        resolve();
      });
    });

  const loop = async () => {
    while (
      !stopping &&
      requests < maxRequests &&
      Date.now() - started < maxDurationMs
    ) {
      await one();
    }
  };
  const loops = Array.from({ length: connections }, () => loop());
  const done = Promise.all(loops).then(() => {
    endedAt = Date.now();
    agent.destroy();
  });

  const snapshot = (): HttpLoadResult => {
    const durationMs = (endedAt ?? Date.now()) - started;
    return {
      requests,
      statuses: { ...statuses },
      non2xx,
      socketErrors,
      keepAliveRetries,
      errorSamples: [...errorSamples],
      byHeader: { ...byHeader },
      byBody: { ...byBody },
      durationMs,
      requestsPerSecond: durationMs > 0 ? (requests * 1000) / durationMs : 0,
    };
  };
  return {
    snapshot,
    async stop() {
      stopping = true;
      await done;
      return snapshot();
    },
  };
}

import http from 'node:http';
import { AddressInfo } from 'node:net';
import { graphql, GraphQLSchema } from 'graphql';
import { createRoot, querySchema } from './graphql';
import { SegmentStore, segmentProblem } from './store';

/** Options of {@link startSkyWalkingDevServer}. */
export interface SkyWalkingDevServerOptions {
  /** Loopback port (0: a free one). */
  port?: number;
  host?: string;
  /** Most segments kept (oldest dropped first); default 50000. */
  maxSegments?: number;
}

/** A running development server. */
export interface SkyWalkingDevServer {
  /** e.g. http://127.0.0.1:12800 */
  url: string;
  /** `host:port`, what `SW_AGENT_COLLECTOR_BACKEND_SERVICES` of the simulated pods names. */
  collector: string;
  store: SegmentStore;
  schema: GraphQLSchema;
  stop(): Promise<void>;
}

function readBody(req: http.IncomingMessage, limit = 10 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Starts the SkyWalking development server: `POST /v3/segments` (JSON array) and `/v3/segment`
 * (one) receive segments in the agents' HTTP reporting format (400 naming the problem, nothing kept
 * of a refused batch), `POST /graphql` answers the query protocol subset, `GET /healthz`.
 */
export async function startSkyWalkingDevServer(
  options: SkyWalkingDevServerOptions = {},
): Promise<SkyWalkingDevServer> {
  const store = new SegmentStore(options.maxSegments);
  const schema = querySchema();
  const root = createRoot(store);
  const json = (res: http.ServerResponse, code: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const server = http.createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (req.method === 'GET' && path === '/healthz') {
        json(res, 200, { status: 'ok', segments: store.segments.length });
        return;
      }
      if (req.method === 'POST' && (path === '/v3/segments' || path === '/v3/segment')) {
        let body: unknown;
        try {
          body = JSON.parse(await readBody(req));
        } catch {
          json(res, 400, { error: 'body is not JSON' });
          return;
        }
        const segments = path === '/v3/segment' ? [body] : body;
        if (!Array.isArray(segments)) {
          json(res, 400, { error: '/v3/segments takes a JSON array of segments' });
          return;
        }
        const problem = segments.map(segmentProblem).find(Boolean);
        if (problem) {
          json(res, 400, { error: problem });
          return;
        }
        store.ingest(segments);
        json(res, 200, {});
        return;
      }
      if (req.method === 'POST' && path === '/graphql') {
        let body: any;
        try {
          body = JSON.parse(await readBody(req));
        } catch {
          json(res, 400, { errors: [{ message: 'body is not JSON' }] });
          return;
        }
        const result = await graphql({
          schema,
          source: String(body?.query ?? ''),
          rootValue: root,
          variableValues: body?.variables,
          operationName: body?.operationName,
        });
        json(res, 200, result);
        return;
      }
      json(res, 404, { error: `no route ${req.method} ${path}` });
    } catch (e) {
      json(res, 500, { error: String(e) });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    collector: `${address}:${port}`,
    store,
    schema,
    stop: () => new Promise(resolve => server.close(() => resolve())),
  };
}

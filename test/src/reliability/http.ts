/**
 * A raw HTTP client for the reliability suites: the path goes on the wire exactly as given (no URL
 * normalisation of `..` or `%2F` the way fetch does), any header and body bytes, and the answer
 * comes back whole (status, headers, text, JSON when it is JSON).
 */
import http from 'node:http';

/** What the server answered. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed body when the answer is JSON. */
  json?: any;
}

/** One request. */
export interface RawRequest {
  method: string;
  /** Path and query, sent as is. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** Sends `request` to `baseUrl` (http://host:port); rejects only when no answer came. */
export function rawRequest(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        headers: {
          ...(request.body !== undefined
            ? { 'content-length': String(Buffer.byteLength(request.body)) }
            : {}),
          ...request.headers,
        },
        timeout: 60_000,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: any;
          if (/json/.test(String(res.headers['content-type'] ?? ''))) {
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${request.method} ${request.path}: no answer in 60 s`)));
    req.on('error', reject);
    req.end(request.body);
  });
}

/**
 * Why an error answer is not in Backstage's shape
 * (`{ error: { name, message }, request: { method, url }, response: { statusCode } }`), or
 * undefined when it is. Answers Node's HTTP parser gives before any handler runs (431, and 400
 * for a malformed request line) carry no body and are accepted as they are.
 */
export function backstageErrorShapeProblem(
  res: RawResponse,
  options: { protocol?: boolean } = {},
): string | undefined {
  if (res.status < 400) {
    return undefined;
  }
  if ((res.status === 431 || res.status === 400) && res.text === '') {
    return undefined;
  }
  // no route matched: Backstage's own not-found handler answers 404 without a body
  if (res.status === 404 && res.text === '') {
    return undefined;
  }
  const body = res.json;
  if (!body || typeof body !== 'object') {
    return `${res.status} not JSON: ${res.headers['content-type']} ${res.text.slice(0, 200)}`;
  }
  if (typeof body.error?.name !== 'string' || typeof body.error?.message !== 'string') {
    return `no error.name/error.message: ${res.text.slice(0, 200)}`;
  }
  // a protocol route (the Docker token endpoint's 401 and 429 carry the registry's `errors` beside it)
  // keeps Backstage's error object but may shape the rest as its protocol says
  if (!options.protocol && body.response?.statusCode !== res.status) {
    return `response.statusCode ${body.response?.statusCode} is not ${res.status}`;
  }
  return undefined;
}

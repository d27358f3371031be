import { IncomingMessage, ServerResponse } from 'node:http';
import yaml from 'js-yaml';
import { ApiError, badRequest } from './errors';
import { decodeProtobufObject } from './protobuf';

const MAX_BODY = 3 * 1024 * 1024;

/** Reads and parses a request body (JSON, or YAML for apply patches). Undefined for an empty body. */
export async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  const type = String(req.headers['content-type'] ?? '');
  // kubectl's generators (create namespace|deployment|..., run, expose) send built-in types as protobuf
  if (type.startsWith('application/vnd.kubernetes.protobuf') && raw.length) return decodeProtobufObject(raw);
  if (type.includes('protobuf') || type.includes('cbor')) {
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/apply-patch+yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`);
  }
  const text = raw.toString('utf8');
  if (!text.trim()) return undefined;
  try {
    if (type.includes('yaml')) return yaml.load(text);
    return JSON.parse(text);
  } catch (e: any) {
    throw badRequest(`the body of the request could not be decoded: ${String(e?.message ?? e).split('\n')[0]}`);
  }
}

const jsonCache = new WeakMap<object, string>();

/** JSON of an immutable stored object, cached per object. */
export function objectJson(obj: object): string {
  let s = jsonCache.get(obj);
  if (s === undefined) {
    s = JSON.stringify(obj);
    jsonCache.set(obj, s);
  }
  return s;
}

/** Sends a JSON body. */
export function sendJson(res: ServerResponse, code: number, body: unknown, raw?: string) {
  const text = raw ?? JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

/** Sends a Status error. */
export function sendError(res: ServerResponse, err: ApiError) {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, err.code, err.toStatus());
}

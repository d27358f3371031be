import type { Request, Response } from 'express';

/** What {@link sendSnapshot} sends: JSON serialized once, its strong ETag and gzip encoding. */
export interface JsonSnapshot {
  json: Buffer;
  etag: string;
  readonly gzip: Buffer;
}

/** Whether an If-None-Match header value names `etag` (weak comparison, as RFC 9110 asks). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header
    .split(',')
    .some(tag => tag.trim().replace(/^W\//, '') === opaque);
}

/**
 * Answers with a JSON snapshot: 304 without a body when the client already has it
 * (If-None-Match), else 200 with the gzip bytes made once when the client accepts gzip, or the
 * plain JSON. `Cache-Control: private, no-cache` lets a browser keep the answer and revalidate
 * it on every request, so polling pages get 304s.
 */
export function sendSnapshot(
  req: Request,
  res: Response,
  snapshot: JsonSnapshot,
) {
  res.setHeader('ETag', snapshot.etag);
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('Vary', 'Accept-Encoding, Authorization');
  if (matchesEtag(req.headers['if-none-match'], snapshot.etag)) {
    res.status(304).end();
    return;
  }
  res.status(200);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
    const body = snapshot.gzip;
    // the root router's compression leaves an encoded body alone
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', body.length);
    res.end(body);
    return;
  }
  res.setHeader('Content-Length', snapshot.json.length);
  res.end(snapshot.json);
}

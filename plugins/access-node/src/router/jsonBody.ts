import { InputError } from '@backstage/errors';
import express, { NextFunction, Request, Response } from 'express';

/**
 * The JSON body parser of the Cellport routers: parses `application/json` (and `+json`) bodies up
 * to `limit` (413 beyond it, 400 for malformed JSON) and refuses any other non-empty body with a
 * 400, so a body sent as text, a form or XML is never silently read as "no fields" (an empty
 * PATCH) but answered as the bad input it is.
 *
 * @public
 */
export function jsonBody(options: { limit?: string } = {}): express.RequestHandler[] {
  const parse = express.json({ limit: options.limit ?? '100kb', type: ['application/json', 'application/*+json'] });
  const refuseOthers = (req: Request, _res: Response, next: NextFunction) => {
    const hasBody =
      req.headers['transfer-encoding'] !== undefined ||
      Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody && !req.is(['application/json', 'application/*+json'])) {
      next(
        new InputError(
          `The request body must be JSON (Content-Type: application/json), not '${String(
            req.headers['content-type'] ?? 'none',
          ).slice(0, 100)}'`,
        ),
      );
      return;
    }
    next();
  };
  return [parse, refuseOthers];
}

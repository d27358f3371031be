import express from 'express';
import Router from 'express-promise-router';
import { AuthenticationError, InputError } from '@backstage/errors';
import { parseScopes } from '../services/scopes';
import { TokenAttemptLimiter } from '../services/TokenAttemptLimiter';
import { ReusingTokenIssuer } from '../services/TokenReuse';
import { RegistryRouterOptions } from './options';
import { parse, schemas } from './schemas';

/** The user name an HTTP Basic header names, lower-cased; undefined when it names none. */
function basicUsername(authorization: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization?.trim() ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? decoded.slice(0, colon).slice(0, 255).toLowerCase() : undefined;
}

/** A token endpoint refusal in the registry's error shape and Backstage's. */
function refuse(
  req: express.Request,
  res: express.Response,
  status: 401 | 429,
  message: string,
) {
  if (status === 401) {
    res.setHeader('www-authenticate', 'Basic realm="cellport-registry"');
  }
  const [code, name] =
    status === 401
      ? ['UNAUTHORIZED', 'AuthenticationError']
      : ['TOOMANYREQUESTS', 'TooManyRequestsError'];
  res.status(status).json({
    errors: [{ code, message }],
    error: { name, message },
    request: { method: req.method, url: req.url },
    response: { statusCode: status },
  });
}

/**
 * `GET /token`: the Docker Registry v2 token endpoint (unauthenticated route, HTTP Basic with a
 * personal access token or a robot secret, or anonymous). Errors in the registry's shape too.
 */
export function createTokenRouter(options: RegistryRouterOptions): express.Router {
  const { access, credentials: registryCredentials, users } = options;
  const limiter =
    options.attemptLimiter ??
    new TokenAttemptLimiter({ attempts: options.store.attempts });
  // docker clients ask for the same grant again and again: the same token while it is young
  const issuer = new ReusingTokenIssuer(options.issuer);
  const router = Router();
  // --- Docker Registry v2 token endpoint (unauthenticated route, HTTP Basic) ------------------
  const tokenHandler = async (req: express.Request, res: express.Response) => {
    const query = parse(schemas.token, req.query);
    if (query.service !== undefined && query.service !== options.service) {
      throw new InputError(
        `unknown service '${query.service}': this token server serves '${options.service}'`,
      );
    }
    const scopes = parseScopes(query.scope);
    // failed attempts are limited per user name and per client IP (in the database: every replica)
    const username = basicUsername(req.headers.authorization);
    const keys = [
      `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`,
      ...(username ? [`user:${username}`] : []),
    ];
    const wait = await limiter.retryAfter(keys);
    if (wait !== undefined) {
      res.setHeader('retry-after', String(wait));
      refuse(req, res, 429, `too many failed attempts: retry in ${wait} s`);
      return;
    }
    let subject;
    try {
      subject = await registryCredentials.authenticate(req.headers.authorization);
    } catch (e) {
      if (e instanceof AuthenticationError) {
        await limiter.fail(keys);
        refuse(req, res, 401, e.message);
        return;
      }
      throw e;
    }
    // a user who left (no longer in the catalog) is refused, with their tokens and robots
    let person: string | undefined;
    if (subject.type === 'user') person = subject.userRef;
    if (subject.type === 'robot') person = subject.onBehalfOf;
    if (person && !(await users.exists(person))) {
      refuse(req, res, 401, `${person} is no longer a user of this portal`);
      return;
    }
    const granted = await access.grant(subject, scopes);
    let sub = '';
    if (subject.type === 'user') {
      sub = subject.username;
    } else if (subject.type === 'robot') {
      sub = `robot$${subject.group}+${subject.name}`;
    }
    res.setHeader('cache-control', 'no-store');
    res.json(await issuer.issue(sub, granted));
  };
  router.get('/token', tokenHandler);
  return router;
}

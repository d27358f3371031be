import crypto from 'node:crypto';
import express from 'express';
import Router from 'express-promise-router';
import { AuthenticationError, InputError } from '@backstage/errors';
import { RegistryRouterOptions } from './options';

/**
 * `POST /webhooks/registry`: the registry's notifications (its bearer secret), recorded as
 * pushes, pulls and deletes in the activity feed.
 */
export function createWebhookRouter(options: RegistryRouterOptions): express.Router {
  const { events } = options;
  const router = Router();
  // --- registry notifications (bearer secret) ------------------------------------------------
  router.post(
    '/webhooks/registry',
    express.json({
      limit: '2mb',
      type: [
        'application/json',
        'application/vnd.docker.distribution.events.v1+json',
      ],
    }),
    async (req, res) => {
      const expected = options.webhookSecret
        ? Buffer.from(`Bearer ${options.webhookSecret}`)
        : undefined;
      const given = Buffer.from(String(req.headers.authorization ?? ''));
      if (
        !expected ||
        given.length !== expected.length ||
        !crypto.timingSafeEqual(given, expected)
      ) {
        throw new AuthenticationError('invalid webhook credentials');
      }
      const body = req.body as { events?: unknown };
      if (!body || !Array.isArray(body.events)) {
        throw new InputError('expected a registry notification envelope { events: [...] }');
      }
      const handled = await events.handle(body.events);
      res.json({ handled });
    },
  );
  return router;
}

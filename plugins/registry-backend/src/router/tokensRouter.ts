import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { RegistryRouteContext } from './context';
import { parse, schemas } from './schemas';

/** Personal access tokens of the signed-in user: list, create (shown once), revoke. */
export function createTokensRouter(ctx: RegistryRouteContext): express.Router {
  const options = ctx;
  const { store, user } = ctx;
  const registryCredentials = ctx.credentials;
  const router = Router();

  // --- personal access tokens ------------------------------------------------------------------
  router.get('/tokens', async (req, res) => {
    const me = await user(req);
    res.json({
      items: await store.listTokens(me),
      registryHost: options.registryHost,
    });
  });

  router.post('/tokens', async (req, res) => {
    const me = await user(req);
    const body = parse(schemas.createToken, req.body);
    const created = await registryCredentials.createToken(me, body.name, body.expiresInDays);
    res.status(201).json({ ...created, registryHost: options.registryHost });
  });

  router.delete('/tokens/:id', async (req, res) => {
    const me = await user(req);
    const id = parse(z.string().uuid('id must be a token id'), req.params.id);
    await registryCredentials.revokeToken(me, id);
    res.status(204).end();
  });
  return router;
}

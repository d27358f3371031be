import { parsePageQuery } from '@cellport/common';
import { RegistryApiRouter, RegistryRouteContext } from './context';

/** Personal access tokens of the signed-in user: list, create (shown once), revoke. */
export function registerTokensRoutes(
  router: RegistryApiRouter,
  ctx: RegistryRouteContext,
): void {
  const options = ctx;
  const { store, user } = ctx;
  const registryCredentials = ctx.credentials;

  // --- personal access tokens ------------------------------------------------------------------
  router.get('/tokens', async (req, res) => {
    const page = parsePageQuery(req.query, 2);
    const me = await user(req);
    res.json({
      ...(await store.tokens.listTokens(me, page)),
      registryHost: options.registryHost,
    });
  });

  router.post('/tokens', async (req, res) => {
    const me = await user(req);
    const { name, expiresInDays = 30 } = req.body;
    const created = await registryCredentials.createToken(me, name, expiresInDays);
    res.status(201).json({ ...created, registryHost: options.registryHost });
  });

  router.delete('/tokens/:id', async (req, res) => {
    const me = await user(req);
    await registryCredentials.revokeToken(me, req.params.id);
    res.status(204).end();
  });
}

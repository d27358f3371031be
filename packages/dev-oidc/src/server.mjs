#!/usr/bin/env node
// Development-only OpenID Connect provider for the local portal.
//
// Lets you sign in as any catalog User (alice, bob, ...) through Backstage's standard OIDC auth
// provider, so roles can be tried in the browser. Any password is accepted: never expose it.
// Users are read from the catalog's org file; the `email` claim is `<name>@cellport.example`, which
// Backstage's `emailLocalPartMatchingUserEntityName` resolver maps back to `user:default/<name>`.
//
// Environment: DEV_OIDC_PORT (7009), DEV_OIDC_HOST (127.0.0.1), PORTAL_URL (http://127.0.0.1:7007),
// DEV_OIDC_CLIENT_SECRET, CATALOG_ORG_FILE (catalog/org.yaml).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import crypto from 'node:crypto';
import yaml from 'js-yaml';
import Provider from 'oidc-provider';

const here = path.dirname(fileURLToPath(import.meta.url));
const host = process.env.DEV_OIDC_HOST || '127.0.0.1';
const port = Number(process.env.DEV_OIDC_PORT || 7009);
const portalUrl = process.env.PORTAL_URL || 'http://127.0.0.1:7007';
const orgFile =
  process.env.CATALOG_ORG_FILE || path.resolve(here, '../../../catalog/org.yaml');
const issuer = `http://${host}:${port}`;

/** Catalog users by name, re-read on each sign-in so catalog edits apply at once. */
function catalogUsers() {
  const docs = yaml.loadAll(fs.readFileSync(orgFile, 'utf8'));
  const users = new Map();
  for (const doc of docs) {
    if (doc && doc.kind === 'User') {
      users.set(doc.metadata.name, doc.spec?.profile?.displayName ?? doc.metadata.name);
    }
  }
  return users;
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'cellport-portal',
      client_secret: process.env.DEV_OIDC_CLIENT_SECRET || 'cellport-dev-oidc-secret',
      redirect_uris: [`${portalUrl}/api/auth/oidc/handler/frame`],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  async findAccount(_ctx, id) {
    const name = String(id).trim().toLowerCase();
    const users = catalogUsers();
    if (!users.has(name)) {
      return undefined;
    }
    return {
      accountId: name,
      async claims() {
        return {
          sub: name,
          email: `${name}@cellport.example`,
          email_verified: true,
          name: users.get(name),
          preferred_username: name,
        };
      },
    };
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
  },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => false },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  // A signed-in portal user stays signed in across reloads, direct links and new tabs: Backstage
  // keeps the refresh token in a cookie and calls /api/auth/oidc/refresh, which exchanges it here.
  ttl: {
    Session: 86400,
    Interaction: 600,
    Grant: 86400,
    AccessToken: 3600,
    IdToken: 3600,
    RefreshToken: 86400,
  },
  // The portal asks for `offline_access`. OpenID Connect drops that scope unless the request also
  // says `prompt=consent`, and the portal says `prompt=login` so that anyone can switch users; in
  // development consent is implied (see loadExistingGrant), so the portal client gets a refresh
  // token whenever it may use the refresh_token grant, and it outlives the provider's session.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  expiresWithSession: async () => false,
  async loadExistingGrant(ctx) {
    // development: consent is implied for the portal client
    const grantId =
      ctx.oidc.result?.consent?.grantId ||
      ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      return ctx.oidc.provider.Grant.find(grantId);
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile email offline_access');
    grant.addOIDCClaims(['email', 'email_verified', 'name', 'preferred_username']);
    await grant.save();
    return grant;
  },
});

provider.listen(port, host, () => {
  console.log(
    JSON.stringify({ msg: 'dev OIDC provider ready', issuer, users: [...catalogUsers().keys()] }),
  );
});

import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { parseRepositoryName } from '@cellport/plugin-registry-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { RegistryStore } from './database/RegistryStore';
import { RegistryTokenIssuer } from './services/TokenIssuer';

/** The backend plugins that may mint build push tokens. */
const BUILD_TOKEN_PLUGINS = ['builds'];

const bodySchema = z.strictObject({
  repository: z.string(),
  /** Names the build in the token's subject (and so in the registry's activity as the pusher). */
  build: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.#-]{0,127}$/, 'build must be a short build name'),
});

/**
 * `POST /build-tokens` `{ repository, build }`: a registry bearer token with pull and push on that
 * one existing repository and nothing else, for one build, valid for the registry's token
 * lifetime (`registry.tokenTtlSeconds`). Callable by the builds backend plugin only (service
 * auth); the builds plugin checks who may build into the repository.
 *
 * @public
 */
export function createBuildTokenRouter(options: {
  store: RegistryStore;
  issuer: RegistryTokenIssuer;
  httpAuth: HttpAuthService;
}): express.Router {
  const router = Router();
  router.post(
    '/build-tokens',
    express.json({ limit: '4kb' }),
    async (req, res) => {
      const credentials = await options.httpAuth.credentials(req, {
        allow: ['service'],
      });
      const subject = credentials.principal.subject;
      if (!BUILD_TOKEN_PLUGINS.some(p => subject === `plugin:${p}`)) {
        throw new NotAllowedError(
          `service '${subject}' may not mint build tokens`,
        );
      }
      const parsed = bodySchema.safeParse(req.body);
      if (!parsed.success) {
        throw new InputError(
          parsed.error.issues.map(i => i.message).join('; '),
        );
      }
      const name = parseRepositoryName(parsed.data.repository);
      if ('error' in name) {
        throw new InputError(name.error);
      }
      const repository = `${name.group}/${name.name}`;
      if (!(await options.store.repositories.getRepository(repository))) {
        throw new NotFoundError(`repository '${repository}' not found`);
      }
      res.setHeader('cache-control', 'no-store');
      res.json(
        await options.issuer.issue(`robot$builds+${parsed.data.build}`, [
          { type: 'repository', name: repository, actions: ['pull', 'push'] },
        ]),
      );
    },
  );
  return router;
}

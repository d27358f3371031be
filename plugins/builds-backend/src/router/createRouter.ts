import { HttpAuthService } from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { InputError } from '@backstage/errors';
import {
  comparePageKeys,
  pageOfRows,
  pageOfSorted,
  parsePageQuery,
} from '@cellport/common';
import { buildConfigPermissions } from '@cellport/plugin-access-common';
import {
  AccessService,
  createAccessRouter,
  parseInput,
} from '@cellport/plugin-access-node';
import {
  WEBHOOK_PLATFORMS,
  WebhookPlatform,
} from '@cellport/plugin-builds-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { spec } from '../schema/openapi.generated';
import { AgentDirectory } from '../services/AgentDirectory';
import { BuildConfigService } from '../services/BuildConfigService';
import { BuildService } from '../services/BuildService';

/** The page size of a config's builds: 1 to 200 (default 50); anything else is refused with a 400. */
const buildsPageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * Options of {@link createRouter}.
 *
 * @public
 */
export type BuildsRouterOptions = {
  configs: BuildConfigService;
  builds: BuildService;
  access: AccessService;
  directory: AgentDirectory;
  httpAuth: HttpAuthService;
  /** `host[:port]` of the registry, for image references. */
  registryHost: string;
};

const ALLOWED_ACTIONS = [
  'update',
  'delete',
  'membersManage',
  'buildStart',
  'buildCancel',
  'logsRead',
  'eventsRead',
] as const;

/**
 * The builds plugin's routes, described in `src/schema/openapi.yaml`: the signed webhook endpoints
 * (raw body, their own authentication), then the validated API and the access library's members
 * and activity routes under `/configs/:name`.
 *
 * @public
 */
export async function createRouter(
  options: BuildsRouterOptions,
): Promise<express.Router> {
  const { configs, builds, access, httpAuth } = options;
  const root = Router();

  // --- webhooks: the raw body is what GitHub and Gitea sign ------------------------------------
  root.post(
    '/webhooks/:name/:platform',
    express.raw({ type: () => true, limit: '5mb' }),
    async (req, res) => {
      const platform = req.params.platform as WebhookPlatform;
      if (!WEBHOOK_PLATFORMS.includes(platform)) {
        throw new InputError(
          `unknown platform '${
            req.params.platform
          }': use ${WEBHOOK_PLATFORMS.join(', ')}`,
        );
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const outcome = await builds.webhook(
        req.params.name,
        platform,
        req.headers,
        body,
      );
      if (outcome.status === 201) {
        res.status(201).json(outcome.build);
      } else {
        res.status(202).json({ ignored: outcome.ignored });
      }
    },
  );

  const router = createValidatedOpenApiRouter<typeof spec>(spec);
  const user = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });
  const anyone = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const buildView = (
    b: Parameters<BuildService['view']>[0],
    repository?: string,
  ) => ({
    ...builds.view(b),
    ...(repository && b.tag
      ? { image: `${options.registryHost}/${repository}:${b.tag}` }
      : {}),
  });
  const number = (value: string) => Number(value);

  router.get('/configs', async (req, res) => {
    const credentials = await anyone(req);
    const request = parsePageQuery(req.query, 1);
    const rows = await configs.list(credentials, request);
    const page = pageOfRows(rows, request.limit, c => [c.name]);
    res.json({ ...page, items: page.items.map(c => configs.view(c)) });
  });

  router.post('/configs', async (req, res) => {
    const created = await configs.create(await user(req), req.body, req);
    // the only answer that ever holds the config's webhook secret
    res.status(201).json({
      ...configs.view(created.config),
      webhookSecret: created.webhookSecret,
    });
  });

  router.get('/configs/:name', async (req, res) => {
    const credentials = await anyone(req);
    const config = await configs.get(credentials, req.params.name);
    const allowed = Object.fromEntries(
      await Promise.all(
        ALLOWED_ACTIONS.map(async action => [
          action,
          await access.isAllowed(credentials, buildConfigPermissions[action], {
            kind: 'build-config',
            name: config.name,
          }),
        ]),
      ),
    );
    res.json({ ...configs.view(config), allowed });
  });

  router.patch('/configs/:name', async (req, res) => {
    const updated = await configs.update(
      await user(req),
      req.params.name,
      req.body,
    );
    res.json(configs.view(updated));
  });

  router.delete('/configs/:name', async (req, res) => {
    await configs.delete(await user(req), req.params.name, req);
    res.status(204).end();
  });

  router.get('/configs/:name/webhooks', async (req, res) => {
    res.json(await configs.webhooks(await anyone(req), req.params.name));
  });

  router.post('/configs/:name/webhooks/rotate', async (req, res) => {
    // the only answer besides the config's creation that holds a webhook secret
    res.json(
      await configs.rotateWebhookSecret(await user(req), req.params.name),
    );
  });

  router.get('/configs/:name/builds', async (req, res) => {
    const credentials = await anyone(req);
    const { limit } = parseInput(buildsPageSchema, { limit: req.query.limit });
    const config = await configs.get(credentials, req.params.name);
    const items = await builds.list(credentials, req.params.name, limit);
    res.json({ items: items.map(b => buildView(b, config.imageRepository)) });
  });

  router.post('/configs/:name/builds', async (req, res) => {
    const credentials = await user(req);
    const build = await builds.start(credentials, req.params.name, req.body);
    const config = await configs.get(credentials, req.params.name);
    res.status(201).json(buildView(build, config.imageRepository));
  });

  router.get('/configs/:name/builds/:number', async (req, res) => {
    const credentials = await anyone(req);
    const config = await configs.get(credentials, req.params.name);
    const build = await builds.get(
      credentials,
      req.params.name,
      number(req.params.number),
    );
    res.json(buildView(build, config.imageRepository));
  });

  router.post('/configs/:name/builds/:number/cancel', async (req, res) => {
    const credentials = await user(req);
    const build = await builds.cancel(
      credentials,
      req.params.name,
      number(req.params.number),
    );
    res.json(builds.view(build));
  });

  router.get('/configs/:name/builds/:number/log', async (req, res) => {
    const after =
      typeof req.query.after === 'string' ? req.query.after : undefined;
    res.json(
      await builds.log(
        await anyone(req),
        req.params.name,
        number(req.params.number),
        after,
      ),
    );
  });

  router.get('/agents', async (req, res) => {
    await user(req);
    const request = parsePageQuery(req.query, 1);
    const agents = (await options.directory.liveAgents()).sort((a, b) =>
      comparePageKeys([a.host], [b.host]),
    );
    res.json({ ...pageOfSorted(agents, request, a => [a.host]) });
  });

  root.use(router);
  root.use(
    '/configs/:name',
    createAccessRouter({ access, httpAuth, kind: 'build-config' }),
  );
  return root;
}

import crypto from 'node:crypto';
import express from 'express';
import Router from 'express-promise-router';
import {
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  Role,
  ROLES,
  imageGroupMatrix,
  imageRepositoryMatrix,
  isRoleAtLeast,
  strongestRole,
} from '@cellport/plugin-access-common';
import {
  ImageGroup,
  ImageRepository,
  isValidTag,
  parseRepositoryName,
  validatePathComponent,
} from '@cellport/plugin-registry-common';
import { z } from 'zod';
import { RegistryStore, MemberKind } from './database/RegistryStore';
import { Credentials } from './services/Credentials';
import { RegistryAccess } from './services/RegistryAccess';
import { RegistryApi } from './services/RegistryClient';
import { RegistryEvents } from './services/RegistryEvents';
import { parseScopes } from './services/scopes';
import { RegistryTokenIssuer } from './services/TokenIssuer';

/**
 * What the registry router needs.
 *
 * @public
 */
export type RegistryRouterOptions = {
  store: RegistryStore;
  access: RegistryAccess;
  credentials: Credentials;
  issuer: RegistryTokenIssuer;
  registry: RegistryApi;
  events: RegistryEvents;
  httpAuth: HttpAuthService;
  logger: LoggerService;
  /** The registry's `auth.token.service`. */
  service: string;
  /** The bearer secret of the registry notifications; webhooks are refused without one. */
  webhookSecret?: string;
  /** The registry host clients use (`docker login <host>`). */
  registryHost: string;
};

const componentSchema = (what: string) =>
  z.string().superRefine((value, ctx) => {
    const error = validatePathComponent(value, what);
    if (error) ctx.addIssue({ code: z.ZodIssueCode.custom, message: error });
  });
const visibilitySchema = z.enum(['private', 'public']);
const roleSchema = z.enum(ROLES);
const memberRefSchema = z
  .string()
  .max(255)
  .regex(
    /^user:[a-z0-9][a-z0-9_.-]*\/[a-z0-9][a-z0-9_.@-]*$/,
    "member must be a user entity ref such as 'user:default/alice'",
  );
const actionSchema = z.enum(['pull', 'push', 'delete']);

const schemas = {
  createGroup: z
    .object({
      name: componentSchema('image group name'),
      visibility: visibilitySchema.default('private'),
      description: z.string().max(1000).default(''),
    })
    .strict(),
  updateGroup: z
    .object({
      visibility: visibilitySchema.optional(),
      description: z.string().max(1000).optional(),
    })
    .strict(),
  createRepository: z
    .object({
      name: componentSchema('repository name'),
      visibility: visibilitySchema.nullable().default(null),
      description: z.string().max(1000).default(''),
    })
    .strict(),
  updateRepository: z
    .object({
      visibility: visibilitySchema.nullable().optional(),
      description: z.string().max(1000).optional(),
    })
    .strict(),
  addMember: z.object({ member: memberRefSchema, role: roleSchema }).strict(),
  updateMember: z.object({ role: roleSchema }).strict(),
  createToken: z
    .object({
      name: z.string().min(1).max(100),
      expiresInDays: z.number().int().min(1).default(30),
    })
    .strict(),
  createRobot: z
    .object({
      name: componentSchema('robot name'),
      scopes: z
        .array(
          z
            .object({
              repository: z.union([
                z.literal('*'),
                componentSchema('repository name'),
              ]),
              actions: z.array(actionSchema).min(1),
            })
            .strict(),
        )
        .min(1)
        .max(50),
    })
    .strict(),
  tags: z.object({
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    last: z.string().max(128).optional(),
  }),
  activity: z.object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    before: z.coerce.number().int().min(1).optional(),
  }),
  search: z.object({ q: z.string().max(255).optional() }),
  token: z.object({
    service: z.string().max(255).optional(),
    account: z.string().max(255).optional(),
    client_id: z.string().max(255).optional(),
    offline_token: z.string().max(10).optional(),
    scope: z.union([z.string(), z.array(z.string())]).optional(),
  }),
};

function parse<T extends z.ZodTypeAny>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new InputError(`${where}${issue.message}`);
  }
  return result.data;
}

function checkGroupParam(group: string) {
  const error = validatePathComponent(group, 'image group name');
  if (error) throw new InputError(error);
  return group;
}

function checkRepositoryParams(group: string, name: string) {
  const parsed = parseRepositoryName(`${group}/${name}`);
  if ('error' in parsed) throw new InputError(parsed.error);
  return `${group}/${name}`;
}

/**
 * The registry plugin's routes: the token endpoint, the registry webhook and the portal API.
 *
 * @public
 */
export async function createRouter(
  options: RegistryRouterOptions,
): Promise<express.Router> {
  const { store, access, credentials, issuer, registry, events, httpAuth } =
    options;
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
    let subject;
    try {
      subject = await credentials.authenticate(req.headers.authorization);
    } catch (e) {
      if (e instanceof AuthenticationError) {
        res.setHeader('www-authenticate', 'Basic realm="cellport-registry"');
        res.status(401).json({
          errors: [{ code: 'UNAUTHORIZED', message: e.message }],
          error: { name: 'AuthenticationError', message: e.message },
        });
        return;
      }
      throw e;
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

  router.use(express.json({ limit: '64kb' }));

  const user = async (req: express.Request) =>
    (await httpAuth.credentials(req, { allow: ['user'] })).principal
      .userEntityRef;

  // --- access checks ---------------------------------------------------------------------------
  async function groupFor(
    userRef: string,
    name: string,
    minimumRole?: Role,
  ): Promise<ImageGroup & { role?: Role }> {
    const group = await store.getGroup(name);
    const role = group
      ? (await store.getRoles(userRef, name)).group
      : undefined;
    // invisible to non-members unless public
    if (!group || (!role && group.visibility !== 'public')) {
      throw new NotFoundError(`image group '${name}' not found`);
    }
    if (minimumRole && (!role || !isRoleAtLeast(role, minimumRole))) {
      throw new NotAllowedError(
        `this needs the ${minimumRole} role on image group '${name}'`,
      );
    }
    return { ...group, ...(role ? { role } : {}) };
  }

  async function repositoryFor(
    userRef: string,
    name: string,
    minimumRole?: Role,
  ): Promise<ImageRepository> {
    const repo = await store.getRepository(name);
    const role = repo
      ? await access.effectiveRole(userRef, repo.group, name)
      : undefined;
    if (!repo || (!role && repo.visibility !== 'public')) {
      throw new NotFoundError(`repository '${name}' not found`);
    }
    if (minimumRole && (!role || !isRoleAtLeast(role, minimumRole))) {
      throw new NotAllowedError(
        `this needs the ${minimumRole} role on repository '${name}'`,
      );
    }
    return { ...repo, ...(role ? { role } : {}) };
  }

  // --- image groups ----------------------------------------------------------------------------
  router.get('/groups', async (req, res) => {
    const me = await user(req);
    const memberships = await store.getMemberships(me);
    const items = (await store.listGroups())
      .map(g => {
        const role = memberships.get(`image-group:${g.name}`);
        return { ...g, ...(role ? { role } : {}) };
      })
      .filter(g => g.role || g.visibility === 'public');
    res.json({ items });
  });

  router.post('/groups', async (req, res) => {
    const me = await user(req);
    const body = parse(schemas.createGroup, req.body);
    const group = await store.createGroup({ ...body, owner: me });
    options.logger.info('Image group created', { group: group.name, by: me });
    res.status(201).json({ ...group, role: 'owner' });
  });

  router.get('/groups/:group', async (req, res) => {
    const me = await user(req);
    res.json(await groupFor(me, checkGroupParam(req.params.group)));
  });

  router.patch('/groups/:group', async (req, res) => {
    const me = await user(req);
    const name = checkGroupParam(req.params.group);
    const body = parse(schemas.updateGroup, req.body);
    await groupFor(
      me,
      name,
      body.visibility !== undefined
        ? imageGroupMatrix.visibilityUpdate.minimumRole
        : imageGroupMatrix.update.minimumRole,
    );
    res.json(await store.updateGroup(name, body, me));
  });

  router.delete('/groups/:group', async (req, res) => {
    const me = await user(req);
    const name = checkGroupParam(req.params.group);
    await groupFor(me, name, imageGroupMatrix.delete.minimumRole);
    for (const repo of await store.listRepositories({ group: name })) {
      await registry.deleteRepository(repo.name);
    }
    await store.deleteGroup(name);
    options.logger.info('Image group deleted', { group: name, by: me });
    res.status(204).end();
  });

  router.get('/groups/:group/repositories', async (req, res) => {
    const me = await user(req);
    const group = await groupFor(me, checkGroupParam(req.params.group));
    const memberships = await store.getMemberships(me);
    const items = (await store.listRepositories({ group: group.name }))
      .map(r => {
        const role = strongestRole([
          group.role,
          memberships.get(`image-repository:${r.name}`),
        ]);
        return { ...r, ...(role ? { role } : {}) };
      })
      .filter(r => r.role || r.visibility === 'public');
    res.json({ items });
  });

  router.post('/groups/:group/repositories', async (req, res) => {
    const me = await user(req);
    const group = checkGroupParam(req.params.group);
    const body = parse(schemas.createRepository, req.body);
    await groupFor(me, group, imageGroupMatrix.repositoryCreate.minimumRole);
    const repo = await store.createRepository({
      name: `${group}/${body.name}`,
      group,
      visibility: body.visibility,
      description: body.description,
      actor: me,
    });
    res.status(201).json(repo);
  });

  router.get('/groups/:group/activity', async (req, res) => {
    const me = await user(req);
    const name = checkGroupParam(req.params.group);
    const q = parse(schemas.activity, req.query);
    await groupFor(me, name, imageGroupMatrix.eventsRead.minimumRole);
    res.json({ items: await store.listActivity({ group: name, ...q }) });
  });

  // --- repositories ----------------------------------------------------------------------------
  router.get('/repositories', async (req, res) => {
    const me = await user(req);
    const { q } = parse(schemas.search, req.query);
    const memberships = await store.getMemberships(me);
    const items = (await store.listRepositories({ query: q }))
      .map(r => {
        const role = strongestRole([
          memberships.get(`image-group:${r.group}`),
          memberships.get(`image-repository:${r.name}`),
        ]);
        return { ...r, ...(role ? { role } : {}) };
      })
      .filter(r => r.role || r.visibility === 'public');
    res.json({ items, registryHost: options.registryHost });
  });

  router.get('/repositories/:group/:name', async (req, res) => {
    const me = await user(req);
    const name = checkRepositoryParams(req.params.group, req.params.name);
    res.json({
      ...(await repositoryFor(me, name)),
      registryHost: options.registryHost,
    });
  });

  router.patch('/repositories/:group/:name', async (req, res) => {
    const me = await user(req);
    const name = checkRepositoryParams(req.params.group, req.params.name);
    const body = parse(schemas.updateRepository, req.body);
    await repositoryFor(
      me,
      name,
      body.visibility !== undefined
        ? imageRepositoryMatrix.visibilityUpdate.minimumRole
        : imageRepositoryMatrix.update.minimumRole,
    );
    res.json(await store.updateRepository(name, body, me));
  });

  router.delete('/repositories/:group/:name', async (req, res) => {
    const me = await user(req);
    const name = checkRepositoryParams(req.params.group, req.params.name);
    await repositoryFor(me, name, imageRepositoryMatrix.delete.minimumRole);
    await registry.deleteRepository(name);
    await store.deleteRepository(name, me);
    options.logger.info('Image repository deleted', { repository: name, by: me });
    res.status(204).end();
  });

  router.get('/repositories/:group/:name/tags', async (req, res) => {
    const me = await user(req);
    const name = checkRepositoryParams(req.params.group, req.params.name);
    const q = parse(schemas.tags, req.query);
    if (q.last !== undefined && !isValidTag(q.last)) {
      throw new InputError(`last: '${q.last}' is not a valid tag`);
    }
    await repositoryFor(me, name, imageRepositoryMatrix.read.minimumRole);
    const page = await registry.listTags(name, q);
    const pushes = await store.getTagPushes(
      name,
      page.items.map(t => t.tag),
    );
    res.json({
      ...page,
      items: page.items.map(t => {
        const push = pushes.get(t.tag);
        return push && push.digest === t.digest
          ? { ...t, pushedAt: push.pushedAt, pusher: push.pusher }
          : t;
      }),
    });
  });

  router.delete('/repositories/:group/:name/tags/:tag', async (req, res) => {
    const me = await user(req);
    const name = checkRepositoryParams(req.params.group, req.params.name);
    const tag = req.params.tag;
    if (!isValidTag(tag)) {
      throw new InputError(`'${tag}' is not a valid tag`);
    }
    const repo = await repositoryFor(
      me,
      name,
      imageRepositoryMatrix.tagDelete.minimumRole,
    );
    const digest = await registry.deleteTag(name, tag);
    await store.deleteTagPush(name, tag);
    await store.recordActivity(repo.group, name, 'tag-deleted', me, {
      tag,
      digest,
    });
    res.json({ tag, digest });
  });

  router.get('/repositories/:group/:name/activity', async (req, res) => {
    const me = await user(req);
    const name = checkRepositoryParams(req.params.group, req.params.name);
    const q = parse(schemas.activity, req.query);
    const repo = await repositoryFor(
      me,
      name,
      imageRepositoryMatrix.eventsRead.minimumRole,
    );
    res.json({
      items: await store.listActivity({
        group: repo.group,
        repository: name,
        ...q,
      }),
    });
  });

  // --- members (groups and repositories) ------------------------------------------------------
  const memberRoutes = (
    kind: MemberKind,
    path: string,
    resolve: (req: express.Request) => string,
  ) => {
    const matrix =
      kind === 'image-group' ? imageGroupMatrix : imageRepositoryMatrix;
    const check = (me: string, name: string, minimumRole?: Role) =>
      kind === 'image-group'
        ? groupFor(me, name, minimumRole)
        : repositoryFor(me, name, minimumRole);
    const checkChange = async (me: string, name: string, roles: Role[]) => {
      await check(me, name, matrix.membersManage.minimumRole);
      if (roles.includes('owner')) {
        await check(me, name, matrix.transfer.minimumRole);
      }
    };
    router.get(path, async (req, res) => {
      const me = await user(req);
      const name = resolve(req);
      await check(me, name, matrix.read.minimumRole);
      res.json({ items: await store.listMembers(kind, name) });
    });
    router.post(path, async (req, res) => {
      const me = await user(req);
      const name = resolve(req);
      const body = parse(schemas.addMember, req.body);
      await checkChange(me, name, [body.role]);
      await store.setMember(kind, name, body.member, body.role, me, 'add');
      res.status(201).json({ member: body.member, role: body.role });
    });
    router.put(`${path}/:member`, async (req, res) => {
      const me = await user(req);
      const name = resolve(req);
      const member = parse(memberRefSchema, req.params.member);
      const body = parse(schemas.updateMember, req.body);
      const current = (await store.listMembers(kind, name)).find(
        m => m.member === member && !m.inheritedFrom,
      );
      await checkChange(me, name, [body.role, ...(current ? [current.role] : [])]);
      await store.setMember(kind, name, member, body.role, me, 'update');
      res.json({ member, role: body.role });
    });
    router.delete(`${path}/:member`, async (req, res) => {
      const me = await user(req);
      const name = resolve(req);
      const member = parse(memberRefSchema, req.params.member);
      const current = (await store.listMembers(kind, name)).find(
        m => m.member === member && !m.inheritedFrom,
      );
      await checkChange(me, name, current ? [current.role] : []);
      await store.setMember(kind, name, member, null, me, 'remove');
      res.status(204).end();
    });
  };
  memberRoutes('image-group', '/groups/:group/members', req =>
    checkGroupParam(req.params.group),
  );
  memberRoutes('image-repository', '/repositories/:group/:name/members', req =>
    checkRepositoryParams(req.params.group, req.params.name),
  );

  // --- robots ----------------------------------------------------------------------------------
  router.get('/groups/:group/robots', async (req, res) => {
    const me = await user(req);
    const group = checkGroupParam(req.params.group);
    await groupFor(me, group, imageGroupMatrix.membersManage.minimumRole);
    res.json({ items: await store.listRobots(group) });
  });

  router.post('/groups/:group/robots', async (req, res) => {
    const me = await user(req);
    const group = checkGroupParam(req.params.group);
    const body = parse(schemas.createRobot, req.body);
    await groupFor(me, group, imageGroupMatrix.membersManage.minimumRole);
    // a robot may not do more than its creator
    const role = (await store.getRoles(me, group)).group!;
    const needed: Role = body.scopes.some(s => s.actions.includes('delete'))
      ? imageRepositoryMatrix.tagDelete.minimumRole
      : 'developer';
    if (!isRoleAtLeast(role, needed)) {
      throw new NotAllowedError(`granting these scopes needs the ${needed} role`);
    }
    const robot = await credentials.createRobot({ group, ...body, actor: me });
    res.status(201).json(robot);
  });

  router.delete('/groups/:group/robots/:robot', async (req, res) => {
    const me = await user(req);
    const group = checkGroupParam(req.params.group);
    const robot = parse(componentSchema('robot name'), req.params.robot);
    await groupFor(me, group, imageGroupMatrix.membersManage.minimumRole);
    await store.deleteRobot(group, robot, me);
    res.status(204).end();
  });

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
    const created = await credentials.createToken(me, body.name, body.expiresInDays);
    res.status(201).json({ ...created, registryHost: options.registryHost });
  });

  router.delete('/tokens/:id', async (req, res) => {
    const me = await user(req);
    const id = parse(z.string().uuid('id must be a token id'), req.params.id);
    await credentials.revokeToken(me, id);
    res.status(204).end();
  });

  return router;
}

/**
 * A router that answers every request with 503 and `message`: what the plugin serves when it
 * cannot start (no key pair, no registry configuration), so the rest of the portal keeps working.
 *
 * @public
 */
export function createUnavailableRouter(message: string): express.Router {
  const router = Router();
  router.use(() => {
    throw new ServiceUnavailableError(message);
  });
  return router;
}

import crypto from 'node:crypto';
import express from 'express';
import Router from 'express-promise-router';
import {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  AccessService,
  createAccessRouter,
  jsonBody,
} from '@cellport/plugin-access-node';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  imageGroupCreatePermission,
  imageGroupMatrix,
  imageRepositoryMatrix,
  Visibility,
} from '@cellport/plugin-access-common';
import {
  ImageGroup,
  ImageRepository,
  REPOSITORY_ACTIONS,
  RegistryActivity,
  RepositoryAllowedActions,
  isValidTag,
  parseRepositoryName,
  validatePathComponent,
} from '@cellport/plugin-registry-common';
import { z } from 'zod';
import { RegistryStore } from './database/RegistryStore';
import { Credentials, usernameOf } from './services/Credentials';
import {
  RegistryAccess,
  registryUserCredentials,
} from './services/RegistryAccess';
import { RegistryApi } from './services/RegistryClient';
import { RegistryEvents } from './services/RegistryEvents';
import { parseScopes } from './services/scopes';
import { TokenAttemptLimiter } from './services/TokenAttemptLimiter';
import { RegistryTokenIssuer } from './services/TokenIssuer';
import { UserDirectory } from './services/UserDirectory';

/**
 * What the registry router needs.
 *
 * @public
 */
export type RegistryRouterOptions = {
  store: RegistryStore;
  /** Token grants. */
  access: RegistryAccess;
  /** Members and roles of image groups and repositories. */
  accessService: AccessService;
  credentials: Credentials;
  issuer: RegistryTokenIssuer;
  registry: RegistryApi;
  events: RegistryEvents;
  httpAuth: HttpAuthService;
  /** The portal's permissions (the installed policy), for `image-group.create`. */
  permissions: PermissionsService;
  /** Users still in the catalog: the token endpoint refuses departed users and their robots. */
  users: UserDirectory;
  /** Failed token attempts per user name and IP; default: 10 per 5 minutes, in memory. */
  attemptLimiter?: TokenAttemptLimiter;
  /**
   * Plugins whose service principals may manage (their own, pull-only) robots; default
   * `['cells']` (config `registry.robotServicePlugins`).
   */
  robotServicePlugins?: string[];
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
  visibility: z.object({ visibility: visibilitySchema }).strict(),
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
      /** Days until the robot stops working; it never expires without. */
      expiresInDays: z.number().int().min(1).optional(),
      /** Service callers only: the user the robot is for, who must be allowed to pull. */
      onBehalfOf: z
        .string()
        .max(255)
        .regex(/^user:/, 'onBehalfOf must be a user entity ref')
        .optional(),
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
  const {
    store,
    access,
    accessService,
    credentials: registryCredentials,
    issuer,
    registry,
    events,
    httpAuth,
    users,
  } = options;
  const limiter = options.attemptLimiter ?? new TokenAttemptLimiter();
  const robotServicePlugins = options.robotServicePlugins ?? ['cells'];
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
    // failed attempts are limited per user name and per client IP (in memory, per replica)
    const username = basicUsername(req.headers.authorization);
    const keys = [
      `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`,
      ...(username ? [`user:${username}`] : []),
    ];
    const wait = limiter.retryAfter(keys);
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
        limiter.fail(keys);
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

  router.use(jsonBody({ limit: '64kb' }));

  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });
  const user = async (req: express.Request) =>
    (await credentialsOf(req)).principal.userEntityRef;

  // --- access checks (the access library: 404 for non-members, 403 for too weak a role) ------
  const groupRef = (name: string) => ({ kind: 'image-group' as const, name });
  const repositoryRef = (name: string) => ({
    kind: 'image-repository' as const,
    name,
  });

  async function groupFor(
    credentials: BackstageCredentials,
    name: string,
    permission: ResourcePermission = imageGroupMatrix.read.permission,
  ): Promise<ImageGroup> {
    await accessService.authorize(credentials, permission, groupRef(name));
    const group = await store.getGroup(name);
    if (!group) {
      throw new NotFoundError(`image group '${name}' not found`);
    }
    return group;
  }

  async function repositoryFor(
    credentials: BackstageCredentials,
    name: string,
    permission: ResourcePermission = imageRepositoryMatrix.read.permission,
  ): Promise<ImageRepository> {
    await accessService.authorize(credentials, permission, repositoryRef(name));
    const repo = await store.getRepository(name);
    if (!repo) {
      throw new NotFoundError(`repository '${name}' not found`);
    }
    return repo;
  }

  /** What the caller may do on a repository, for the frontend to show only allowed buttons. */
  async function repositoryActions(
    credentials: BackstageCredentials,
    name: string,
  ): Promise<RepositoryAllowedActions> {
    const entries = await Promise.all(
      REPOSITORY_ACTIONS.map(
        async action =>
          [
            action,
            await accessService.isAllowed(
              credentials,
              imageRepositoryMatrix[action].permission,
              repositoryRef(name),
            ),
          ] as const,
      ),
    );
    return Object.fromEntries(entries) as RepositoryAllowedActions;
  }

  /** Registry activity and the access library's (members, visibility), newest first. */
  async function mergedActivity(
    credentials: BackstageCredentials,
    ref: { kind: 'image-group' | 'image-repository'; name: string },
    own: RegistryActivity[],
    limit: number,
  ) {
    const group = ref.name.split('/')[0];
    const fromAccess = (
      await accessService.listActivity(credentials, ref, { limit })
    )
      .filter(a => a.action !== 'resource-created')
      .map(a => ({
        id: a.id,
        group,
        ...(ref.kind === 'image-repository' ? { repository: ref.name } : {}),
        action: a.action,
        actor: a.actor,
        createdAt: a.createdAt,
        details: a.details,
      }));
    return [...own, ...fromAccess]
      .sort((x, y) => Date.parse(y.createdAt) - Date.parse(x.createdAt))
      .slice(0, limit);
  }

  /** Sets a visibility in the access library (Owner, audited) and mirrors it in the registry tables. */
  async function setRepositoryVisibility(
    credentials: BackstageCredentials,
    repo: ImageRepository,
    override: Visibility | null,
    group: ImageGroup,
    req: express.Request,
  ) {
    await accessService.setVisibility(
      credentials,
      repositoryRef(repo.name),
      override ?? group.visibility,
      { request: req },
    );
  }

  /**
   * A repository may be more visible than its group (public in a private group) only by someone
   * who may change the group's own visibility (its Owner): otherwise a Developer could publish
   * what the group's Owner keeps private.
   */
  async function checkVisibilityWithinGroup(
    credentials: BackstageCredentials,
    group: ImageGroup,
    visibility: Visibility | null,
  ) {
    if (visibility === 'public' && group.visibility === 'private') {
      const allowed = await accessService.isAllowed(
        credentials,
        imageGroupMatrix.visibilityUpdate.permission,
        groupRef(group.name),
      );
      if (!allowed) {
        throw new NotAllowedError(
          `image group '${group.name}' is private: only who may change the group's visibility (its Owner) may make a repository in it public`,
        );
      }
    }
  }

  /** Deletes every manifest of a repository in the registry, untagged ones too. */
  async function purgeRepository(name: string) {
    await registry.deleteRepository(name, await store.listManifests(name));
  }

  // --- image groups ----------------------------------------------------------------------------
  router.get('/groups', async (req, res) => {
    const credentials = await credentialsOf(req);
    const filter = await accessService.getListFilter(credentials, 'image-group');
    const repositories = await accessService.getListFilter(
      credentials,
      'image-repository',
    );
    // repositoryCount counts the repositories the caller sees, no others
    res.json({ items: await store.listGroups(filter.apply, repositories.apply) });
  });

  router.post('/groups', async (req, res) => {
    const credentials = await credentialsOf(req);
    const me = credentials.principal.userEntityRef;
    const body = parse(schemas.createGroup, req.body);
    const [decision] = await options.permissions.authorize(
      [{ permission: imageGroupCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not create image groups');
    }
    const group = await store.createGroup({ ...body, owner: me });
    try {
      // the creator becomes the group's Owner
      await accessService.registerResource(
        credentials,
        { ...groupRef(group.name), visibility: body.visibility },
        { request: req },
      );
    } catch (e) {
      await store.deleteGroup(group.name);
      throw e;
    }
    options.logger.info('Image group created', { group: group.name, by: me });
    res.status(201).json(group);
  });

  router.get('/groups/:group', async (req, res) => {
    const credentials = await credentialsOf(req);
    res.json(await groupFor(credentials, checkGroupParam(req.params.group)));
  });

  const updateGroup = async (
    req: express.Request,
    body: { visibility?: Visibility; description?: string },
  ) => {
    const credentials = await credentialsOf(req);
    const name = checkGroupParam(req.params.group);
    const group = await groupFor(
      credentials,
      name,
      body.visibility !== undefined
        ? imageGroupMatrix.visibilityUpdate.permission
        : imageGroupMatrix.update.permission,
    );
    if (body.visibility !== undefined) {
      await accessService.setVisibility(
        credentials,
        groupRef(name),
        body.visibility,
        { request: req },
      );
      // repositories without their own visibility follow the group's
      for (const repo of await store.listRepositories({ group: name })) {
        if (repo.visibilityOverride === null) {
          await setRepositoryVisibility(
            credentials,
            repo,
            null,
            { ...group, visibility: body.visibility },
            req,
          );
        }
      }
    }
    return store.updateGroup(name, body, credentials.principal.userEntityRef);
  };

  router.patch('/groups/:group', async (req, res) => {
    res.json(await updateGroup(req, parse(schemas.updateGroup, req.body)));
  });

  // replaces the access router's PUT /visibility, to keep the registry tables in step
  router.put('/groups/:group/visibility', async (req, res) => {
    const body = parse(schemas.visibility, req.body);
    await updateGroup(req, body);
    res.status(204).end();
  });

  router.delete('/groups/:group', async (req, res) => {
    const credentials = await credentialsOf(req);
    const name = checkGroupParam(req.params.group);
    await groupFor(credentials, name, imageGroupMatrix.delete.permission);
    const repos = await store.listRepositories({ group: name });
    for (const repo of repos) {
      await purgeRepository(repo.name);
    }
    await store.deleteGroup(name);
    for (const repo of repos) {
      await accessService.unregisterResource(
        credentials,
        repositoryRef(repo.name),
        { request: req },
      );
    }
    await accessService.unregisterResource(credentials, groupRef(name), {
      request: req,
    });
    options.logger.info('Image group deleted', {
      group: name,
      by: credentials.principal.userEntityRef,
    });
    res.status(204).end();
  });

  router.get('/groups/:group/repositories', async (req, res) => {
    const credentials = await credentialsOf(req);
    const group = await groupFor(credentials, checkGroupParam(req.params.group));
    const filter = await accessService.getListFilter(
      credentials,
      'image-repository',
    );
    res.json({
      items: await store.listRepositories({ group: group.name }, filter.apply),
    });
  });

  router.post('/groups/:group/repositories', async (req, res) => {
    const credentials = await credentialsOf(req);
    const groupName = checkGroupParam(req.params.group);
    const body = parse(schemas.createRepository, req.body);
    const group = await groupFor(
      credentials,
      groupName,
      imageGroupMatrix.repositoryCreate.permission,
    );
    await checkVisibilityWithinGroup(credentials, group, body.visibility);
    const repo = await store.createRepository({
      name: `${groupName}/${body.name}`,
      group: groupName,
      visibility: body.visibility,
      description: body.description,
      actor: credentials.principal.userEntityRef,
    });
    try {
      // the creator becomes the repository's Owner; the group's members apply as well
      await accessService.registerResource(
        credentials,
        {
          ...repositoryRef(repo.name),
          visibility: body.visibility ?? group.visibility,
        },
        { request: req },
      );
    } catch (e) {
      await store.deleteRepository(repo.name, credentials.principal.userEntityRef);
      throw e;
    }
    res.status(201).json(repo);
  });

  router.get('/groups/:group/activity', async (req, res) => {
    const credentials = await credentialsOf(req);
    const name = checkGroupParam(req.params.group);
    const q = parse(schemas.activity, req.query);
    await groupFor(credentials, name, imageGroupMatrix.eventsRead.permission);
    const own = await store.listActivity({ group: name, ...q });
    res.json({
      items: await mergedActivity(credentials, groupRef(name), own, q.limit),
    });
  });

  // --- repositories ----------------------------------------------------------------------------
  router.get('/repositories', async (req, res) => {
    const credentials = await credentialsOf(req);
    const { q } = parse(schemas.search, req.query);
    const filter = await accessService.getListFilter(
      credentials,
      'image-repository',
    );
    const items = await store.listRepositories({ query: q }, filter.apply);
    res.json({ items, registryHost: options.registryHost });
  });

  router.get('/repositories/:group/:name', async (req, res) => {
    const credentials = await credentialsOf(req);
    const name = checkRepositoryParams(req.params.group, req.params.name);
    const repo = await repositoryFor(credentials, name);
    res.json({
      ...repo,
      allowed: await repositoryActions(credentials, name),
      registryHost: options.registryHost,
    });
  });

  const updateRepository = async (
    req: express.Request,
    body: { visibility?: Visibility | null; description?: string },
  ) => {
    const credentials = await credentialsOf(req);
    const name = checkRepositoryParams(req.params.group, req.params.name);
    const repo = await repositoryFor(
      credentials,
      name,
      body.visibility !== undefined
        ? imageRepositoryMatrix.visibilityUpdate.permission
        : imageRepositoryMatrix.update.permission,
    );
    if (body.visibility !== undefined) {
      const group = (await store.getGroup(repo.group))!;
      await checkVisibilityWithinGroup(credentials, group, body.visibility);
      await setRepositoryVisibility(credentials, repo, body.visibility, group, req);
    }
    return store.updateRepository(name, body, credentials.principal.userEntityRef);
  };

  router.patch('/repositories/:group/:name', async (req, res) => {
    res.json(await updateRepository(req, parse(schemas.updateRepository, req.body)));
  });

  // replaces the access router's PUT /visibility, to keep the registry tables in step
  router.put('/repositories/:group/:name/visibility', async (req, res) => {
    await updateRepository(req, parse(schemas.visibility, req.body));
    res.status(204).end();
  });

  router.delete('/repositories/:group/:name', async (req, res) => {
    const credentials = await credentialsOf(req);
    const me = credentials.principal.userEntityRef;
    const name = checkRepositoryParams(req.params.group, req.params.name);
    await repositoryFor(credentials, name, imageRepositoryMatrix.delete.permission);
    await purgeRepository(name);
    await store.deleteRepository(name, me);
    await accessService.unregisterResource(credentials, repositoryRef(name), {
      request: req,
    });
    options.logger.info('Image repository deleted', { repository: name, by: me });
    res.status(204).end();
  });

  router.get('/repositories/:group/:name/tags', async (req, res) => {
    const credentials = await credentialsOf(req);
    const name = checkRepositoryParams(req.params.group, req.params.name);
    const q = parse(schemas.tags, req.query);
    if (q.last !== undefined && !isValidTag(q.last)) {
      throw new InputError(`last: '${q.last}' is not a valid tag`);
    }
    await repositoryFor(credentials, name);
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
    const credentials = await credentialsOf(req);
    const me = credentials.principal.userEntityRef;
    const name = checkRepositoryParams(req.params.group, req.params.name);
    const tag = req.params.tag;
    if (!isValidTag(tag)) {
      throw new InputError(`'${tag}' is not a valid tag`);
    }
    const repo = await repositoryFor(
      credentials,
      name,
      imageRepositoryMatrix.tagDelete.permission,
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
    const credentials = await credentialsOf(req);
    const name = checkRepositoryParams(req.params.group, req.params.name);
    const q = parse(schemas.activity, req.query);
    const repo = await repositoryFor(
      credentials,
      name,
      imageRepositoryMatrix.eventsRead.permission,
    );
    const own = await store.listActivity({
      group: repo.group,
      repository: name,
      ...q,
    });
    res.json({
      items: await mergedActivity(credentials, repositoryRef(name), own, q.limit),
    });
  });

  // --- members, ownership (the access library's router) ---------------------------------------
  router.use(
    '/groups/:group',
    createAccessRouter({
      access: accessService,
      httpAuth,
      kind: 'image-group',
      resourceName: req => checkGroupParam(req.params.group),
    }),
  );
  router.use(
    '/repositories/:group/:name',
    createAccessRouter({
      access: accessService,
      httpAuth,
      kind: 'image-repository',
      resourceName: req =>
        checkRepositoryParams(req.params.group, req.params.name),
    }),
  );

  // --- robots ----------------------------------------------------------------------------------
  /** A user, or a plugin of `robotServicePlugins` (which manages its own robots only). */
  async function robotCaller(req: express.Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const principal = credentials.principal;
    if (principal.type === 'user') {
      return { credentials, actor: principal.userEntityRef, service: false };
    }
    if (!robotServicePlugins.some(p => principal.subject === `plugin:${p}`)) {
      throw new NotAllowedError(
        `service '${principal.subject}' may not manage robots`,
      );
    }
    return { credentials, actor: principal.subject, service: true };
  }

  /**
   * What a service may create: pull-only robots of named repositories, for a user (when it says
   * which) who may pull each of them, as the token endpoint decides.
   */
  async function checkServiceRobot(
    group: string,
    body: z.infer<typeof schemas.createRobot>,
  ) {
    for (const scope of body.scopes) {
      if (
        scope.repository === '*' ||
        scope.actions.some(a => a !== 'pull')
      ) {
        throw new NotAllowedError(
          'a service may only create pull-only robots of named repositories',
        );
      }
    }
    if (!body.onBehalfOf) return;
    const userRef = body.onBehalfOf.toLocaleLowerCase('en-US');
    const asUser = registryUserCredentials(userRef);
    // what the user cannot see answers exactly like what does not exist
    if (
      !(await accessService.isAllowed(
        asUser,
        imageGroupMatrix.read.permission,
        groupRef(group),
      ))
    ) {
      throw new NotFoundError(`Image group '${group}' not found`);
    }
    for (const scope of body.scopes) {
      const repository = `${group}/${scope.repository}`;
      const allowed = await access.allowedActions(
        { type: 'user', userRef, username: usernameOf(userRef) },
        repository,
      );
      if (allowed.has('pull')) continue;
      const visible =
        (await store.getRepository(repository)) &&
        (await accessService.isAllowed(
          asUser,
          imageRepositoryMatrix.read.permission,
          repositoryRef(repository),
        ));
      if (!visible) {
        throw new NotFoundError(`Image repository '${repository}' not found`);
      }
      throw new NotAllowedError(
        `${userRef} may not pull from image repository '${repository}'`,
      );
    }
  }

  router.get('/groups/:group/robots', async (req, res) => {
    const caller = await robotCaller(req);
    const group = checkGroupParam(req.params.group);
    await groupFor(
      caller.credentials,
      group,
      imageGroupMatrix.membersManage.permission,
    );
    const items = await store.listRobots(group);
    res.json({
      items: caller.service
        ? items.filter(r => r.createdBy === caller.actor)
        : items,
    });
  });

  router.post('/groups/:group/robots', async (req, res) => {
    const caller = await robotCaller(req);
    const group = checkGroupParam(req.params.group);
    const { onBehalfOf, ...body } = parse(schemas.createRobot, req.body);
    await groupFor(
      caller.credentials,
      group,
      imageGroupMatrix.membersManage.permission,
    );
    // a robot may not do more than its creator may do in the whole group
    const needed = body.scopes.some(s => s.actions.includes('delete'))
      ? imageGroupMatrix.update.permission
      : imageGroupMatrix.repositoryCreate.permission;
    await groupFor(caller.credentials, group, needed);
    if (caller.service) {
      await checkServiceRobot(group, { ...body, onBehalfOf });
    } else if (onBehalfOf !== undefined) {
      throw new InputError('onBehalfOf: only services create robots for a user');
    }
    const robot = await registryCredentials.createRobot({
      group,
      ...body,
      actor: caller.actor,
      // its grants stay within the user's own at every token request
      ...(onBehalfOf
        ? { onBehalfOf: onBehalfOf.toLocaleLowerCase('en-US') }
        : {}),
    });
    res.status(201).json(robot);
  });

  router.delete('/groups/:group/robots/:robot', async (req, res) => {
    const caller = await robotCaller(req);
    const group = checkGroupParam(req.params.group);
    const robot = parse(componentSchema('robot name'), req.params.robot);
    await groupFor(
      caller.credentials,
      group,
      imageGroupMatrix.membersManage.permission,
    );
    if (
      caller.service &&
      (await store.getRobot(group, robot))?.createdBy !== caller.actor
    ) {
      throw new NotFoundError(
        `robot '${robot}' not found in image group '${group}'`,
      );
    }
    await store.deleteRobot(group, robot, caller.actor);
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

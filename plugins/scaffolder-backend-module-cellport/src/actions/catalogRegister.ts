/**
 * `cellport:catalog:register`: registers a published catalog-info.yaml for the user running the
 * template, who may register only what they or one of their groups own.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseEntityRef,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseAllDocuments } from 'yaml';
import { sleep } from './sleep';

/**
 * Services the catalog registration action needs.
 *
 * @public
 */
export interface CatalogRegisterDeps {
  auth: AuthService;
  catalog: CatalogService;
}

/** The entities of a descriptor in the workspace (a dry run has not published it). */
function entitiesInWorkspace(workspace: string, file: string): Entity[] {
  const full = path.resolve(workspace, file.replace(/^\/+/, ''));
  if (!full.startsWith(path.resolve(workspace))) {
    throw new InputError(`${file} is outside the workspace`);
  }
  return parseAllDocuments(fs.readFileSync(full, 'utf8'))
    .map(d => d.toJS() as Entity)
    .filter(Boolean);
}

/** Resolves once the catalog holds `ref`; throws after `timeoutMs`. */
async function waitForEntity(
  catalog: CatalogService,
  ref: string,
  opts: { credentials: BackstageCredentials },
  timeoutMs: number,
  logger: LoggerService,
  signal?: AbortSignal,
) {
  const deadline = Date.now() + timeoutMs;
  let logged = false;
  while (!(await catalog.getEntityByRef(ref, opts))) {
    if (Date.now() > deadline || signal?.aborted) {
      throw new Error(
        `The catalog has not processed ${ref} within ${Math.round(
          timeoutMs / 1000,
        )} s; the location is registered: rerun the template once it appears`,
      );
    }
    if (!logged) {
      logger.info(`Waiting for the catalog to process ${ref}`);
      logged = true;
    }
    await sleep(1000, signal);
  }
}

/**
 * Registers the URL of a catalog descriptor as a catalog location. The catalog's location
 * permission is for platform admins (anyone could otherwise register anything), so this action
 * registers as the scaffolder after checking, for the user running the template, that every
 * entity in the descriptor is owned by them or one of their groups and is not already in the
 * catalog from another place. A location already registered is reused. The step ends once the
 * catalog holds the entity, so the next steps may refer to it.
 *
 * @public
 */
export function createCatalogRegisterAction(deps: CatalogRegisterDeps) {
  return createTemplateAction({
    id: 'cellport:catalog:register',
    description:
      'Registers a catalog-info.yaml whose entities the user running the template (or one of their groups) owns (reuses the location when it exists)',
    supportsDryRun: true,
    examples: [
      {
        description: 'Register the published component',
        example: [
          'steps:',
          '  - id: register',
          '    name: Catalog',
          '    action: cellport:catalog:register',
          '    input:',
          "      catalogInfoUrl: ${{ steps['publish'].output.catalogInfoUrl }}",
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        catalogInfoUrl: z =>
          z
            .string()
            .url()
            .describe('The URL the catalog reads the descriptor from'),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .min(5)
            .max(3600)
            .optional()
            .describe(
              'How long to wait for the catalog to hold the entity (default 180)',
            ),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              'The descriptor in the workspace, checked in a dry run (default /catalog-info.yaml)',
            ),
      },
      output: {
        entityRef: z =>
          z.string().describe('The first Component (or entity) registered'),
        catalogInfoUrl: z => z.string(),
        created: z =>
          z
            .boolean()
            .describe('False when the location existed and was reused'),
      },
    },
    async handler(ctx) {
      const target = ctx.input.catalogInfoUrl;
      const credentials = await ctx.getInitiatorCredentials();
      if (!deps.auth.isPrincipal(credentials, 'user')) {
        throw new NotAllowedError('Only a signed-in user registers components');
      }
      const service = await deps.auth.getOwnServiceCredentials();
      const opts = { credentials: service };
      const location = await deps.catalog.getLocationByRef(
        `url:${target}`,
        opts,
      );

      let entities: Entity[];
      try {
        entities = (
          await deps.catalog.addLocation(
            { type: 'url', target, dryRun: true },
            opts,
          )
        ).entities;
      } catch (e) {
        if (!ctx.isDryRun) throw e;
        // a dry run published nothing: check the rendered descriptor instead
        entities = entitiesInWorkspace(
          ctx.workspacePath,
          ctx.input.catalogInfoPath ?? 'catalog-info.yaml',
        );
      }
      entities = entities.filter(e => e.kind !== 'Location');
      if (!entities.length) {
        throw new InputError(`${target} holds no catalog entity`);
      }

      const userRef = credentials.principal.userEntityRef;
      const user = await deps.catalog.getEntityByRef(userRef, opts);
      const mine = new Set([
        userRef,
        ...(user?.relations ?? [])
          .filter(r => r.type === RELATION_MEMBER_OF)
          .map(r => r.targetRef),
      ]);
      for (const entity of entities) {
        const ref = stringifyEntityRef(entity);
        const owner = entity.spec?.owner;
        const ownerRef =
          typeof owner === 'string'
            ? stringifyEntityRef(
                parseEntityRef(owner, {
                  defaultKind: 'group',
                  defaultNamespace: entity.metadata.namespace ?? 'default',
                }),
              )
            : undefined;
        if (!ownerRef || !mine.has(ownerRef)) {
          throw new NotAllowedError(
            `You may register only entities owned by you or one of your groups: ${ref} is owned by ${
              ownerRef ?? 'nobody'
            }`,
          );
        }
        const existing = await deps.catalog.getEntityByRef(ref, opts);
        const origin =
          existing?.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
        if (existing && origin !== `url:${target}`) {
          throw new ConflictError(
            `${ref} is already in the catalog, from ${
              origin ?? 'another location'
            }`,
          );
        }
      }

      let created = false;
      if (location) {
        ctx.logger.info(`${target} is registered already: reused`);
      } else if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would register ${target} (${entities
            .map(e => stringifyEntityRef(e))
            .join(', ')})`,
        );
      } else {
        await deps.catalog.addLocation({ type: 'url', target }, opts);
        created = true;
        ctx.logger.info(`Registered ${target} for ${userRef}`);
      }
      const main = entities.find(e => e.kind === 'Component') ?? entities[0];
      if (!ctx.isDryRun) {
        // the next steps (an app for this component) need the entity, which the catalog
        // processes after the location is added
        await waitForEntity(
          deps.catalog,
          stringifyEntityRef(main),
          opts,
          (ctx.input.timeoutSeconds ?? 180) * 1000,
          ctx.logger,
          ctx.signal,
        );
      }
      ctx.output('entityRef', stringifyEntityRef(main));
      ctx.output('catalogInfoUrl', target);
      ctx.output('created', created);
    },
  });
}

/**
 * `cellport:registry:repository:create`: the image repository of a new service, in an image group
 * the user may create repositories in.
 */
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type {
  ImageGroup,
  ImageRepository,
} from '@cellport/plugin-registry-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { fetchAllPages, type Page } from '@cellport/common';
import { NotAllowedError } from '@backstage/errors';
import {
  imageGroupMatrix,
  isRoleAtLeast,
  Member,
  RESOURCE_KIND_TITLES,
  ROLE_TITLES,
} from '@cellport/plugin-access-common';
import { CellportApi, CellportApiDeps, encodePath } from '../api/CellportApi';

/**
 * Refuses a direct member of the group whose role is too weak to create repositories (and whom
 * no group membership grants more), with the message the registry gives at the real run. Anyone
 * else (a platform admin, a member through a catalog group) is left to the registry's decision.
 */
async function checkMayCreateIn(
  deps: CellportApiDeps,
  api: CellportApi,
  group: string,
  credentials: BackstageCredentials,
) {
  if (!deps.auth.isPrincipal(credentials, 'user')) return;
  const me = credentials.principal.userEntityRef.toLocaleLowerCase('en-US');
  const { permission, minimumRole } = imageGroupMatrix.repositoryCreate;
  // every member, page after page: the one that decides may be past the first
  const items = await fetchAllPages(cursor =>
    api.request<Page<Member>>(
      'registry',
      'GET',
      `/groups/${encodePath(group)}/members${
        cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''
      }`,
    ),
  );
  const members = { items };
  const direct = members.items.find(m => m.member === me);
  const strongEnough = (m: Member) => isRoleAtLeast(m.role, minimumRole);
  if (
    direct &&
    !strongEnough(direct) &&
    !members.items.some(m => m.member.startsWith('group:') && strongEnough(m))
  ) {
    throw new NotAllowedError(
      `You may not ${permission.name} on ${RESOURCE_KIND_TITLES['image-group']} '${group}': it needs the ${ROLE_TITLES[minimumRole]} role`,
    );
  }
}

type RepositoryAnswer = ImageRepository & { registryHost?: string };

/**
 * Creates (or reuses) the image repository `group/name` as the user running the template, who
 * becomes its Owner. A group the user does not see, or may not create repositories in, fails with
 * the registry's own message and nothing is created.
 *
 * @public
 */
export function createRegistryRepositoryAction(deps: CellportApiDeps) {
  return createTemplateAction({
    id: 'cellport:registry:repository:create',
    description:
      'Creates an image repository in a Cellport image group as the user running the template (reuses it when it exists)',
    supportsDryRun: true,
    examples: [
      {
        description: 'The image repository of a new service',
        example: [
          'steps:',
          '  - id: repository',
          '    name: Image repository',
          '    action: cellport:registry:repository:create',
          '    input:',
          '      group: payments',
          '      name: ${{ parameters.name }}',
          '      description: Images of ${{ parameters.name }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        group: z =>
          z.string().min(1).describe('The image group, e.g. payments'),
        name: z =>
          z
            .string()
            .min(1)
            .describe(
              'The repository name inside the group, e.g. payments-api',
            ),
        description: z => z.string().max(1000).optional().describe('Free text'),
        visibility: z =>
          z
            .enum(['private', 'public'])
            .optional()
            .describe("Own visibility; default: the group's"),
      },
      output: {
        repository: z => z.string().describe('The full name, group/name'),
        image: z =>
          z
            .string()
            .describe(
              'The image reference without tag, registry host/group/name',
            ),
        registryHost: z =>
          z
            .string()
            .describe(
              'The registry host images are pulled from, e.g. registry.example:5000',
            ),
        created: z =>
          z
            .boolean()
            .describe('False when the repository existed and was reused'),
      },
    },
    async handler(ctx) {
      const { group, name, description, visibility } = ctx.input;
      const credentials = await ctx.getInitiatorCredentials();
      const api = CellportApi.forCredentials(deps, credentials);
      const full = `${group}/${name}`;
      const existing = await api.find<RepositoryAnswer>(
        'registry',
        `/repositories/${encodePath(full)}`,
      );
      let created = false;
      let registryHost = existing?.registryHost;
      if (existing) {
        ctx.logger.info(`Image repository ${full} exists: reused`);
      } else if (ctx.isDryRun) {
        // the group must be visible to the user (the registry says why when it is not)
        await api.request<ImageGroup>(
          'registry',
          'GET',
          `/groups/${encodePath(group)}`,
        );
        await checkMayCreateIn(deps, api, group, credentials);
        ctx.logger.info(`Dry run: would create the image repository ${full}`);
      } else {
        await api.request<ImageRepository>(
          'registry',
          'POST',
          `/groups/${encodePath(group)}/repositories`,
          {
            name,
            ...(description !== undefined ? { description } : {}),
            ...(visibility !== undefined ? { visibility } : {}),
          },
        );
        created = true;
        ctx.logger.info(`Created the image repository ${full}`);
      }
      if (!registryHost) {
        // the repositories list names the registry host even when the new one is not there yet
        registryHost = (
          await api.request<{ registryHost?: string }>(
            'registry',
            'GET',
            `/repositories?q=${encodeURIComponent(full)}`,
          )
        ).registryHost;
      }
      ctx.output('repository', full);
      ctx.output('image', registryHost ? `${registryHost}/${full}` : full);
      ctx.output('registryHost', registryHost ?? '');
      ctx.output('created', created);
    },
  });
}

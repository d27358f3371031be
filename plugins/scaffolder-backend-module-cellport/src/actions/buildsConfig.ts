/**
 * `cellport:builds:config:create`: the build config of a new service, with its push webhook
 * registered on the local git server.
 */
import { Config } from '@backstage/config';
import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type {
  BuildConfig,
  BuildWebhooks,
  CreatedBuildConfig,
} from '@cellport/plugin-builds-common';
import { CellportApi, CellportApiDeps } from '../api/CellportApi';
import { LocalGitServer } from '../git/LocalGitServer';

/** The fields of a config a rerun must find as they were given. */
const COMPARED = [
  'repositoryUrl',
  'imageRepository',
  'branch',
  'dockerfile',
  'context',
] as const;

/**
 * Creates (or reuses) a build config as the user running the template, who becomes its Owner
 * (they must be Developer or more on the image repository, as in the UI). When the repository is
 * on the local git server, its push webhook is pointed at the config (GitLab format, signed with
 * the config's secret); for other git hosting the output names the webhook URL to set there.
 *
 * The webhook secret is in the creation answer only: the action uses it right then and never
 * reads or rotates it on a rerun. A rerun that finds the config keeps its webhook as registered;
 * when the local git server has none for it, the log says to rotate the secret on the config's
 * Webhooks tab (which shows the new one once) and set it there.
 *
 * @public
 */
export function createBuildsConfigAction(
  deps: CellportApiDeps & { config: Config },
) {
  const gitServer = LocalGitServer.fromConfig(deps.config);
  return createTemplateAction({
    id: 'cellport:builds:config:create',
    description:
      'Creates a Cellport build config as the user running the template and registers its push webhook on the local git server (reuses a config with the same inputs)',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Build the published repository into the new image repository',
        example: [
          'steps:',
          '  - id: buildConfig',
          '    name: Build config',
          '    action: cellport:builds:config:create',
          '    input:',
          '      name: ${{ parameters.name }}',
          "      repositoryUrl: ${{ steps['publish'].output.remoteUrl }}",
          "      imageRepository: ${{ steps['repository'].output.repository }}",
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        name: z =>
          z.string().min(1).describe('The build config name (DNS label)'),
        repositoryUrl: z =>
          z.string().min(1).describe('The git repository (http(s) or ssh URL)'),
        imageRepository: z =>
          z.string().min(1).describe('The target image repository, group/name'),
        branch: z => z.string().optional().describe('Default: main'),
        dockerfile: z =>
          z
            .string()
            .optional()
            .describe('Relative to the context (default Dockerfile)'),
        context: z => z.string().optional().describe('Default: .'),
      },
      output: {
        config: z => z.string().describe('The build config name'),
        webhookUrl: z =>
          z
            .string()
            .describe('The GitLab-format push webhook URL of the config'),
        webhookRegistered: z =>
          z
            .boolean()
            .describe('True when the webhook was set on the local git server'),
        created: z =>
          z.boolean().describe('False when the config existed and was reused'),
      },
    },
    async handler(ctx) {
      const { name } = ctx.input;
      const wanted = {
        repositoryUrl: ctx.input.repositoryUrl,
        imageRepository: ctx.input.imageRepository,
        branch: ctx.input.branch ?? 'main',
        dockerfile: ctx.input.dockerfile ?? 'Dockerfile',
        context: ctx.input.context ?? '.',
      };
      const api = CellportApi.forCredentials(
        deps,
        await ctx.getInitiatorCredentials(),
      );
      const path = `/configs/${encodeURIComponent(name)}`;
      const existing = await api.find<BuildConfig>('builds', path);
      const gitRepo = gitServer.repositoryOf(wanted.repositoryUrl);
      let created: CreatedBuildConfig | undefined;
      if (existing) {
        const differs = COMPARED.filter(k => existing[k] !== wanted[k]);
        if (differs.length) {
          throw new ConflictError(
            `Build config '${name}' exists with another ${differs
              .map(k => `${k} (${existing[k]}, not ${wanted[k]})`)
              .join(', ')}`,
          );
        }
        ctx.logger.info(`Build config ${name} exists: reused`);
      } else if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create the build config ${name} building ${
            wanted.repositoryUrl
          } (${wanted.branch}) into ${wanted.imageRepository}${
            gitRepo ? ', with its webhook on the local git server' : ''
          }`,
        );
        ctx.output('config', name);
        ctx.output('webhookUrl', '');
        ctx.output('webhookRegistered', false);
        ctx.output('created', false);
        return;
      } else {
        created = await api.request<CreatedBuildConfig>(
          'builds',
          'POST',
          '/configs',
          { name, ...wanted },
        );
        ctx.logger.info(
          `Created the build config ${name}: ${wanted.repositoryUrl} (${wanted.branch}) into ${wanted.imageRepository}`,
        );
      }
      const hooks = await api.request<BuildWebhooks>(
        'builds',
        'GET',
        `${path}/webhooks`,
      );
      const gitlab = hooks.endpoints.find(e => e.platform === 'gitlab');
      const webhookUrl = gitlab?.url ?? '';
      let registered = false;
      if (gitRepo && gitlab && created) {
        const repo = await gitServer.setWebhook(
          gitRepo,
          gitlab.url,
          created.webhookSecret,
        );
        registered = repo.webhook?.url === gitlab.url;
        ctx.logger.info(
          `Pushes to ${wanted.repositoryUrl} now send a signed webhook to ${gitlab.url}`,
        );
      } else if (gitRepo && gitlab) {
        // a rerun: the secret was shown once, at creation; it is neither read nor rotated here
        const repo = await gitServer.get(gitRepo);
        registered = repo?.webhook?.url === gitlab.url;
        ctx.logger.info(
          registered
            ? `Pushes to ${wanted.repositoryUrl} already send a signed webhook to ${gitlab.url}: kept`
            : `${wanted.repositoryUrl} has no push webhook to ${gitlab.url}: rotate the webhook secret on the build config's Webhooks tab (it shows the new secret once) and set the webhook with it`,
        );
      } else {
        ctx.logger.info(
          `Set the push webhook of ${
            wanted.repositoryUrl
          } to the config's URL for your git hosting: ${hooks.endpoints
            .map(e => `${e.platform} ${e.url}`)
            .join(
              ', ',
            )}, signed with a secret you get by rotating it on the build config's Webhooks tab (shown once there, never in this log)`,
        );
      }
      ctx.output('config', name);
      ctx.output('webhookUrl', webhookUrl);
      ctx.output('webhookRegistered', registered);
      ctx.output('created', Boolean(created));
    },
  });
}

/**
 * `cellport:publish:local-git`: publishes the rendered skeleton to the local git server of the
 * embedded defaults with Backstage's own git helpers (`initRepoAndPush`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConflictError } from '@backstage/errors';
import { Config } from '@backstage/config';
import {
  createTemplateAction,
  getRepoSourceDirectory,
  initRepoAndPush,
} from '@backstage/plugin-scaffolder-node';
import { LocalGitServer } from '../git/LocalGitServer';

/**
 * Refuses to reuse a repository whose files differ from the rendered workspace (another service of
 * that name, or other inputs): reusing it would publish what the user did not ask for.
 */
async function checkSameFiles(
  server: LocalGitServer,
  name: string,
  commit: string,
  dir: string,
) {
  const files = fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile())
    .map(e => path.relative(dir, path.join(e.parentPath, e.name)))
    .filter(f => !f.split(path.sep).includes('.git'));
  const differs: string[] = [];
  for (const file of files) {
    const remote = await server.readFile(name, commit, file);
    if (!remote || !remote.equals(fs.readFileSync(path.join(dir, file)))) {
      differs.push(file);
    }
  }
  if (differs.length) {
    throw new ConflictError(
      `Repository ${server.cloneUrl(name)} exists with other content (${differs
        .slice(0, 5)
        .join(', ')}${
        differs.length > 5 ? ', ...' : ''
      }): choose another name, or delete the repository`,
    );
  }
}

/**
 * Creates the repository on the local git server and pushes the workspace as its first commit; a
 * repository that already has the branch with the same files is reused as it is (a rerun pushes
 * nothing), one with other files stops the step with a 409 naming them. A company's
 * own git hosting uses the standard `publish:github` / `publish:gitlab` actions instead.
 *
 * @public
 */
export function createPublishLocalGitAction(deps: { config: Config }) {
  const server = LocalGitServer.fromConfig(deps.config);
  return createTemplateAction({
    id: 'cellport:publish:local-git',
    description:
      "Publishes the workspace as a new repository on Cellport's local git server (reuses a repository that already has the branch)",
    supportsDryRun: true,
    examples: [
      {
        description: 'Publish the rendered skeleton',
        example: [
          'steps:',
          '  - id: publish',
          '    name: Git repository',
          '    action: cellport:publish:local-git',
          '    input:',
          '      name: ${{ parameters.name }}',
          '      description: ${{ parameters.description }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        name: z =>
          z
            .string()
            .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/)
            .describe('The repository name, e.g. payments-api'),
        description: z =>
          z.string().optional().describe('Used in the commit message'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe('The workspace folder to publish (default: all of it)'),
        defaultBranch: z => z.string().optional().describe('Default: main'),
      },
      output: {
        remoteUrl: z => z.string().describe('The clone URL'),
        repoContentsUrl: z =>
          z.string().describe("The URL of the branch's files"),
        catalogInfoUrl: z =>
          z.string().describe('The URL of catalog-info.yaml on the branch'),
        commitHash: z =>
          z.string().describe('The commit on the branch (empty in a dry run)'),
        created: z =>
          z.boolean().describe('False when the branch existed and was reused'),
      },
    },
    async handler(ctx) {
      const { name } = ctx.input;
      const branch = ctx.input.defaultBranch ?? 'main';
      const remoteUrl = server.cloneUrl(name);
      const dir = getRepoSourceDirectory(
        ctx.workspacePath,
        ctx.input.sourcePath,
      );
      const existing = await server.get(name);
      let commitHash = existing?.branches[branch];
      let created = false;
      if (commitHash) {
        await checkSameFiles(server, name, commitHash, dir);
        ctx.logger.info(
          `Repository ${remoteUrl} has ${branch} at ${commitHash.slice(
            0,
            7,
          )}: reused, nothing pushed`,
        );
      } else if (ctx.isDryRun) {
        const files = fs.readdirSync(dir, { recursive: true }).length;
        ctx.logger.info(
          `Dry run: would create ${remoteUrl} and push ${files} files and folders to ${branch}`,
        );
      } else {
        await server.ensure(name);
        const author = {
          name: deps.config.getOptionalString('scaffolder.defaultAuthor.name'),
          email: deps.config.getOptionalString(
            'scaffolder.defaultAuthor.email',
          ),
        };
        const pushed = await initRepoAndPush({
          dir,
          remoteUrl,
          // the local server takes pushes from loopback without asking for credentials
          auth: { username: 'cellport', password: '' },
          logger: ctx.logger,
          defaultBranch: branch,
          commitMessage: ctx.input.description
            ? `${name}: ${ctx.input.description}`
            : `${name}: first version from a Cellport template`,
          gitAuthorInfo: author,
        });
        commitHash = pushed.commitHash;
        created = true;
        ctx.logger.info(
          `Pushed ${branch} at ${commitHash.slice(0, 7)} to ${remoteUrl}`,
        );
      }
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('repoContentsUrl', server.fileUrl(name, branch, ''));
      ctx.output(
        'catalogInfoUrl',
        server.fileUrl(name, branch, 'catalog-info.yaml'),
      );
      ctx.output('commitHash', commitHash ?? '');
      ctx.output('created', created);
    },
  });
}

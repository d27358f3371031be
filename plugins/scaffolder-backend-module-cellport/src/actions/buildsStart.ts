/**
 * `cellport:builds:start`: a build of a config, followed to its end with its log lines in the
 * task log.
 */
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type {
  Build,
  BuildConfig,
  BuildLogPage,
} from '@cellport/plugin-builds-common';
import { CellportApi, CellportApiDeps } from '../api/CellportApi';
import { sleep } from './sleep';

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);
const POLL_MS = 1000;

/** Why a build did not produce its image, in the words the builds page uses. */
function failure(build: Build): string {
  const at = build.failedStep ? ` at its ${build.failedStep} step` : '';
  return `Build ${build.config} #${build.number} ${build.state}${at}: ${
    build.reason ?? 'no reason recorded'
  }`;
}

/**
 * Starts a build as the user running the template (Developer or more on the config) and waits
 * for it, copying its log lines into the task log as they arrive; the step fails with the build's
 * reason when the build fails. Given a commit, a build of that commit that succeeded or is still
 * going is reused (a rerun does not build twice).
 *
 * @public
 */
export function createBuildsStartAction(deps: CellportApiDeps) {
  return createTemplateAction({
    id: 'cellport:builds:start',
    description:
      'Starts a Cellport build, streams its log into the task log and waits for the image (reuses a build of the same commit)',
    supportsDryRun: true,
    examples: [
      {
        description: 'The first build of a new service',
        example: [
          'steps:',
          '  - id: build',
          '    name: First build',
          '    action: cellport:builds:start',
          '    input:',
          "      config: ${{ steps['buildConfig'].output.config }}",
          "      commit: ${{ steps['publish'].output.commitHash }}",
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        config: z => z.string().min(1).describe('The build config'),
        commit: z =>
          z
            .string()
            .regex(/^([0-9a-f]{40})?$/)
            .optional()
            .describe(
              'The full commit SHA to build (default: the branch head)',
            ),
        branch: z =>
          z.string().optional().describe("Default: the config's branch"),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .min(30)
            .max(7200)
            .optional()
            .describe('How long to wait for the image (default 900)'),
      },
      output: {
        number: z => z.number().describe('The build number'),
        image: z =>
          z.string().describe('The pushed image, registry host/group/name:tag'),
        tag: z => z.string(),
        digest: z => z.string().describe('The pushed manifest digest'),
        created: z =>
          z.boolean().describe('False when a build of the commit was reused'),
      },
    },
    async handler(ctx) {
      const { config } = ctx.input;
      const commit = ctx.input.commit || undefined;
      const api = CellportApi.forCredentials(
        deps,
        await ctx.getInitiatorCredentials(),
      );
      const base = `/configs/${encodeURIComponent(config)}`;
      if (ctx.isDryRun) {
        const found = await api.find<BuildConfig>('builds', base);
        ctx.logger.info(
          `Dry run: would build ${commit ?? 'the branch head'} of ${
            found ? found.repositoryUrl : `the config ${config}`
          }`,
        );
        ctx.output('number', 0);
        ctx.output('image', '');
        ctx.output('tag', '');
        ctx.output('digest', '');
        ctx.output('created', false);
        return;
      }
      let build: Build | undefined;
      if (commit) {
        const { items } = await api.request<{ items: Build[] }>(
          'builds',
          'GET',
          `${base}/builds?limit=100`,
        );
        build = items.find(
          b =>
            b.commit === commit &&
            (b.state === 'succeeded' || !TERMINAL.has(b.state)),
        );
        if (build) {
          ctx.logger.info(
            `Build #${build.number} of ${commit.slice(0, 7)} is ${
              build.state
            }: reused`,
          );
        }
      }
      const created = !build;
      if (!build) {
        build = await api.request<Build>('builds', 'POST', `${base}/builds`, {
          ...(commit ? { commit } : {}),
          ...(ctx.input.branch ? { branch: ctx.input.branch } : {}),
        });
        ctx.logger.info(`Started build #${build.number} of ${config}`);
      }
      const path = `${base}/builds/${build.number}`;
      const deadline = Date.now() + (ctx.input.timeoutSeconds ?? 900) * 1000;
      let cursor: string | undefined;
      for (;;) {
        // the log first, then the state: a build seen finished has all its lines logged
        const page = await api.request<BuildLogPage>(
          'builds',
          'GET',
          `${path}/log${cursor ? `?after=${encodeURIComponent(cursor)}` : ''}`,
        );
        for (const line of page.lines) ctx.logger.info(line.text);
        cursor = page.cursor;
        build = await api.request<Build>('builds', 'GET', path);
        if (
          TERMINAL.has(build.state) &&
          (page.complete || !page.lines.length)
        ) {
          break;
        }
        if (ctx.signal?.aborted) {
          throw new Error(
            `The task was cancelled while build #${build.number} ran`,
          );
        }
        if (Date.now() > deadline) {
          throw new Error(
            `Build ${config} #${build.number} is still ${build.state} after ${
              ctx.input.timeoutSeconds ?? 900
            } s (steps: ${build.steps
              .map(s => `${s.name} ${s.state}`)
              .join(', ')})`,
          );
        }
        if (!page.lines.length) await sleep(POLL_MS, ctx.signal);
      }
      if (build.state !== 'succeeded' || !build.image) {
        throw new Error(failure(build));
      }
      ctx.logger.info(
        `Build #${build.number} pushed ${build.image} (${
          build.digest ?? 'no digest'
        })`,
      );
      ctx.output('number', build.number);
      ctx.output('image', build.image);
      ctx.output('tag', build.tag ?? '');
      ctx.output('digest', build.digest ?? '');
      ctx.output('created', created);
    },
  });
}

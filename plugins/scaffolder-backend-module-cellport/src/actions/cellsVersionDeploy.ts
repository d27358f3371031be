/**
 * `cellport:cells:version:deploy`: the first (or next) version of an app, waited for until its
 * pods are Ready in every cell it was deployed to (or in one cell of it).
 */
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { App, AppVersion } from '@cellport/plugin-cells-common';
import { CellportApi, CellportApiDeps } from '../api/CellportApi';
import { waitUntilReady } from './readiness';

/**
 * Deploys a version of an app as the user running the template (Owner or Master of the app), or
 * reuses the version of that name when it runs the same image, then waits until the version is
 * Ready in each cell it is deployed to. Cells that already serve another version keep it: moving
 * them is a release's job, and the action says so.
 *
 * @public
 */
export function createCellsVersionDeployAction(deps: CellportApiDeps) {
  return createTemplateAction({
    id: 'cellport:cells:version:deploy',
    description:
      'Deploys a version of a Cellport app in its cells and waits until it is Ready in every one (reuses a version of the same name and image)',
    supportsDryRun: true,
    examples: [
      {
        description: 'The first version of a new app, one replica per cell',
        example: [
          'steps:',
          '  - id: deploy',
          '    name: First version',
          '    action: cellport:cells:version:deploy',
          '    input:',
          "      app: ${{ steps['app'].output.app }}",
          '      version: v1',
          "      image: ${{ steps['repository'].output.image }}:1.0.0",
          '      replicas: 1',
          '      healthCheckPath: /healthz',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        app: z => z.string().min(1).describe('The app'),
        version: z =>
          z.string().min(1).describe('The version name (DNS label), e.g. v1'),
        image: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              'The full image reference with its tag (required unless the version exists)',
            ),
        replicas: z =>
          z
            .number()
            .int()
            .min(1)
            .max(500)
            .optional()
            .describe('Replicas in each cell of the app (default 1)'),
        port: z =>
          z
            .number()
            .int()
            .min(1)
            .max(65535)
            .optional()
            .describe('Default 8080'),
        healthCheckPath: z =>
          z
            .string()
            .optional()
            .describe('HTTP readiness probe path (default /healthz)'),
        env: z =>
          z
            .record(z.string(), z.string())
            .optional()
            .describe('Environment variables'),
        cell: z =>
          z
            .string()
            .optional()
            .describe(
              'Only this cell of the app: it must serve the version (e.g. added with it by cellport:cells:app:add-cell); waits until Ready there',
            ),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .min(10)
            .max(3600)
            .optional()
            .describe('How long to wait for Ready in every cell (default 600)'),
      },
      output: {
        version: z => z.string(),
        readyCells: z =>
          z.array(z.string()).describe('Cells where the version is Ready'),
        otherCells: z =>
          z
            .array(z.string())
            .describe(
              'Cells that serve another version (a release moves them)',
            ),
        created: z =>
          z.boolean().describe('False when the version existed and was reused'),
      },
    },
    async handler(ctx) {
      const { app: appName, version, image } = ctx.input;
      const api = CellportApi.forCredentials(
        deps,
        await ctx.getInitiatorCredentials(),
      );
      const appPath = `/apps/${encodeURIComponent(appName)}`;
      if (ctx.isDryRun) {
        // a dry run creates nothing, so the app of an earlier step may not exist yet
        const app = await api.find<App>('cells', appPath);
        const cells =
          ctx.input.cell ??
          (app ? app.cells.map(c => c.cell).join(', ') : 'its cells');
        ctx.logger.info(
          `Dry run: would deploy ${image ?? 'the version'} as ${appName} ${version} in ${cells}`,
        );
        ctx.output('version', version);
        ctx.output('readyCells', []);
        ctx.output('otherCells', []);
        ctx.output('created', false);
        return;
      }
      let app = await api.request<App>('cells', 'GET', appPath);
      const versions = await api.listAll<AppVersion>(
        'cells',
        `${appPath}/versions`,
      );
      const existing = versions.find(v => v.name === version);
      let created = false;
      if (existing) {
        if (image && existing.spec.image !== image) {
          throw new ConflictError(
            `App '${appName}' already has a version '${version}' running ${existing.spec.image}, not ${image}`,
          );
        }
        ctx.logger.info(`Version ${version} of ${appName} exists: reused`);
      } else if (!image) {
        throw new InputError(
          `App '${appName}' has no version '${version}': give its image to create it`,
        );
      } else {
        const replicas = ctx.input.replicas ?? 1;
        await api.request<AppVersion>('cells', 'POST', `${appPath}/versions`, {
          name: version,
          spec: {
            image,
            replicas: Object.fromEntries(
              app.cells.map(c => [c.cell, replicas]),
            ),
            port: ctx.input.port ?? 8080,
            healthCheck: { path: ctx.input.healthCheckPath ?? '/healthz' },
            env: Object.entries(ctx.input.env ?? {}).map(([name, value]) => ({
              name,
              value,
            })),
          },
        });
        created = true;
        ctx.logger.info(`Deployed ${image} as ${appName} ${version}`);
        app = await api.request<App>('cells', 'GET', appPath);
      }
      const only = ctx.input.cell;
      const inScope = app.cells.filter(c => !only || c.cell === only);
      if (only && inScope[0]?.stableVersion !== version) {
        throw new ConflictError(
          inScope.length
            ? `Cell '${only}' of app '${appName}' serves ${
                inScope[0].stableVersion ?? 'no version'
              }, not ${version}`
            : `App '${appName}' does not run in cell '${only}'; add the cell to the app first`,
        );
      }
      const own = inScope
        .filter(c => c.stableVersion === version)
        .map(c => c.cell);
      const others = inScope.filter(c => c.stableVersion !== version);
      for (const c of others) {
        ctx.logger.info(
          `Cell ${c.cell} serves ${
            c.stableVersion ?? 'no version'
          }: a release moves it to ${version}`,
        );
      }
      const replicasIn = (cell: string) =>
        existing ? existing.spec.replicas[cell] ?? 0 : ctx.input.replicas ?? 1;
      const expected = Object.fromEntries(
        own.map(cell => [cell, replicasIn(cell)]),
      );
      await waitUntilReady({
        api,
        app: appName,
        version,
        expected,
        timeoutMs: (ctx.input.timeoutSeconds ?? 600) * 1000,
        logger: ctx.logger,
        signal: ctx.signal,
      });
      ctx.output('version', version);
      ctx.output('readyCells', own);
      ctx.output(
        'otherCells',
        others.map(c => c.cell),
      );
      ctx.output('created', created);
    },
  });
}

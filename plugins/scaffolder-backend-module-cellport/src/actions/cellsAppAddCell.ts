/**
 * `cellport:cells:app:add-cell`: one more cell of its region for an existing app.
 */
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { App, RegionSummary } from '@cellport/plugin-cells-common';
import { ConflictError, InputError } from '@backstage/errors';
import { CellportApi, CellportApiDeps } from '../api/CellportApi';

/**
 * Adds a cell to an app as the user running the template (Owner or Master of the app), with the
 * app's namespace, Service and pull secret there, and optionally runs one of the app's versions
 * in it (default: the version the app's other cells serve). A cell the app already runs in is
 * reused.
 *
 * @public
 */
export function createCellsAppAddCellAction(deps: CellportApiDeps) {
  return createTemplateAction({
    id: 'cellport:cells:app:add-cell',
    description:
      "Adds a cell of its region to an existing Cellport app as the user running the template, optionally running one of the app's versions there (reuses a cell the app already runs in)",
    supportsDryRun: true,
    examples: [
      {
        description:
          'Run the app in bj-3 too, with the version its other cells serve and two replicas',
        example: [
          'steps:',
          '  - id: cell',
          '    name: Add the cell',
          '    action: cellport:cells:app:add-cell',
          '    input:',
          '      app: payments',
          '      cell: bj-3',
          '      replicas: 2',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        app: z => z.string().min(1).describe('The app'),
        cell: z =>
          z.string().min(1).describe("The cell to add, of the app's region"),
        version: z =>
          z
            .string()
            .optional()
            .describe(
              "The version to run there (default: the version the app's other cells serve; none when they serve none)",
            ),
        replicas: z =>
          z
            .number()
            .int()
            .min(0)
            .max(500)
            .optional()
            .describe('Replicas of the version in the new cell (default 1)'),
      },
      output: {
        app: z => z.string().describe('The app name'),
        cell: z => z.string().describe('The added cell'),
        cells: z => z.array(z.string()).describe('Every cell the app runs in'),
        version: z =>
          z
            .string()
            .optional()
            .describe('The version the new cell serves, when it serves one'),
        created: z =>
          z
            .boolean()
            .describe('False when the app already ran in the cell (reused)'),
      },
    },
    async handler(ctx) {
      const { app: appName, cell } = ctx.input;
      const api = CellportApi.forCredentials(
        deps,
        await ctx.getInitiatorCredentials(),
      );
      const path = `/apps/${encodeURIComponent(appName)}`;
      let app = await api.request<App>('cells', 'GET', path);
      const version = ctx.input.version || servedVersion(app, cell);
      let created = false;
      const existing = app.cells.find(c => c.cell === cell);
      if (existing) {
        if (version && existing.stableVersion !== version) {
          throw new ConflictError(
            `App '${appName}' runs in cell '${cell}' already, serving ${
              existing.stableVersion ?? 'no version'
            }, not ${version}; a release moves it`,
          );
        }
        ctx.logger.info(`App ${appName} runs in ${cell} already: reused`);
      } else if (ctx.isDryRun) {
        await checkRegion(api, app, cell);
        ctx.logger.info(
          `Dry run: would add cell ${cell} to the app ${appName}${
            version ? ` running ${version}` : ''
          }`,
        );
        app = {
          ...app,
          cells: [
            ...app.cells,
            { cell, stableVersion: version, drifted: false },
          ],
        };
      } else {
        app = await api.request<App>('cells', 'POST', `${path}/cells`, {
          cell,
          ...(version ? { version } : {}),
          ...(version && ctx.input.replicas !== undefined
            ? { replicas: ctx.input.replicas }
            : {}),
        });
        created = true;
        ctx.logger.info(
          `Added cell ${cell} to the app ${appName}${
            version ? `, running ${version}` : ''
          }; it runs in ${app.cells.map(c => c.cell).join(', ')}`,
        );
      }
      ctx.output('app', app.name);
      ctx.output('cell', cell);
      ctx.output(
        'cells',
        app.cells.map(c => c.cell),
      );
      if (version) ctx.output('version', version);
      ctx.output('created', created);
    },
  });
}

/** The version the app's other cells serve (the app's current one first). */
function servedVersion(app: App, cell: string): string | undefined {
  if (app.currentVersion) return app.currentVersion;
  return app.cells.find(c => c.cell !== cell && c.stableVersion)
    ?.stableVersion;
}

/** A dry run checks what it can: the cell exists and is of the app's region. */
async function checkRegion(api: CellportApi, app: App, cell: string) {
  const regions = await api.request<{ items: RegionSummary[] }>(
    'cells',
    'GET',
    '/regions',
  );
  const region = regions.items.find(r => r.cells.some(c => c.name === cell));
  if (!region) throw new InputError(`Unknown cell '${cell}'`);
  if (region.name !== app.region) {
    throw new InputError(
      `Cell '${cell}' is in region '${region.name}'; app '${app.name}' runs in region '${app.region}'`,
    );
  }
}

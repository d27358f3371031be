/**
 * `cellport:cells:app:create`: the app of a new service in the chosen cells.
 */
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { App, RegionSummary } from '@cellport/plugin-cells-common';
import { CellportApi, CellportApiDeps } from '../api/CellportApi';

/**
 * Creates (or reuses) an app as the user running the template, who becomes its Owner. An existing
 * app is reused when it runs in every requested cell, uses the requested image repository and
 * belongs to the requested component; otherwise the action stops and says what differs.
 *
 * @public
 */
export function createCellsAppAction(deps: CellportApiDeps) {
  return createTemplateAction({
    id: 'cellport:cells:app:create',
    description:
      'Creates a Cellport app in the chosen cells as the user running the template (reuses it when it exists)',
    supportsDryRun: true,
    examples: [
      {
        description:
          'An app in two cells of region bj, built from the new image repository',
        example: [
          'steps:',
          '  - id: app',
          '    name: App',
          '    action: cellport:cells:app:create',
          '    input:',
          '      name: ${{ parameters.name }}',
          '      cells: [bj-1, bj-2]',
          '      production: true',
          "      imageRepository: ${{ steps['repository'].output.repository }}",
          "      componentRef: ${{ steps['register'].output.entityRef }}",
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        name: z =>
          z
            .string()
            .min(1)
            .describe('App name (DNS label): also the namespace in every cell'),
        cells: z =>
          z
            .array(z.string().min(1))
            .min(1)
            .describe('The cells to run in, of one region'),
        description: z => z.string().max(500).optional(),
        production: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Production apps run in at least two cells (default false)',
            ),
        imageRepository: z =>
          z.string().optional().describe('The image repository, group/name'),
        componentRef: z =>
          z
            .string()
            .optional()
            .describe('The catalog Component, e.g. component:default/x'),
      },
      output: {
        app: z => z.string().describe('The app name'),
        region: z => z.string().describe('The region of its cells'),
        cells: z => z.array(z.string()).describe('The cells it runs in'),
        created: z =>
          z.boolean().describe('False when the app existed and was reused'),
      },
    },
    async handler(ctx) {
      const {
        name,
        cells,
        description,
        production,
        imageRepository,
        componentRef,
      } = ctx.input;
      const api = CellportApi.forCredentials(
        deps,
        await ctx.getInitiatorCredentials(),
      );
      const path = `/apps/${encodeURIComponent(name)}`;
      let app = await api.find<App>('cells', path);
      let created = false;
      if (app) {
        checkReusable(app, ctx.input);
        ctx.logger.info(
          `App ${name} exists in ${appCells(app).join(', ')}: reused`,
        );
      } else if (ctx.isDryRun) {
        const region = await regionOf(api, cells);
        ctx.logger.info(
          `Dry run: would create the app ${name} in ${cells.join(
            ', ',
          )} (region ${region})`,
        );
        app = {
          name,
          region,
          production: production ?? false,
          cells: cells.map(cell => ({ cell, drifted: false })),
          createdBy: '',
          createdAt: '',
        };
      } else {
        app = await api.request<App>('cells', 'POST', '/apps', {
          name,
          cells,
          production: production ?? false,
          ...(description !== undefined ? { description } : {}),
          ...(imageRepository ? { imageRepository } : {}),
          ...(componentRef ? { componentRef } : {}),
        });
        created = true;
        ctx.logger.info(
          `Created the app ${name} in ${appCells(app).join(', ')}`,
        );
      }
      ctx.output('app', app.name);
      ctx.output('region', app.region);
      ctx.output('cells', appCells(app));
      ctx.output('created', created);
    },
  });
}

function appCells(app: App): string[] {
  return app.cells.map(c => c.cell);
}

/** The region of the requested cells, checked as the cells plugin would (one region, known cells). */
async function regionOf(api: CellportApi, cells: string[]): Promise<string> {
  const regions = await api.request<{ items: RegionSummary[] }>(
    'cells',
    'GET',
    '/regions',
  );
  const found = new Set<string>();
  for (const cell of cells) {
    const region = regions.items.find(r => r.cells.some(c => c.name === cell));
    if (!region) throw new InputError(`Unknown cell '${cell}'`);
    found.add(region.name);
  }
  if (found.size > 1) {
    throw new InputError(
      `The cells of an app must be in one region, not ${[...found].join(', ')}`,
    );
  }
  return [...found][0];
}

/** Refuses to reuse an app that is not the one the template asks for. */
function checkReusable(
  app: App,
  input: {
    name: string;
    cells: string[];
    imageRepository?: string;
    componentRef?: string;
  },
) {
  const missing = input.cells.filter(c => !appCells(app).includes(c));
  if (missing.length) {
    throw new ConflictError(
      `App '${app.name}' exists but does not run in ${missing.join(
        ', ',
      )}; add the cells to the app first`,
    );
  }
  if (input.imageRepository && app.imageRepository !== input.imageRepository) {
    throw new ConflictError(
      `App '${app.name}' exists with image repository '${
        app.imageRepository ?? 'none'
      }', not '${input.imageRepository}'`,
    );
  }
  if (input.componentRef && app.componentRef !== input.componentRef) {
    throw new ConflictError(
      `App '${app.name}' exists for component '${
        app.componentRef ?? 'none'
      }', not '${input.componentRef}'`,
    );
  }
}

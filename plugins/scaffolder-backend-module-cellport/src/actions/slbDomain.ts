/**
 * `cellport:slb:domain:create`: the domain through which an app serves, on one LB group.
 */
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { CellportApi, CellportApiDeps } from '../api/CellportApi';

/** What the slb plugin answers for a domain (the fields the action reads). */
interface DomainView {
  domain: { name: string; group: string; app: string };
  cname: string;
  vip: string;
}

/**
 * Creates (or reuses) a domain routing to an app, as the user running the template (Owner or
 * Master of the app). A domain of that name for another app or LB group stops the step.
 *
 * @public
 */
export function createSlbDomainAction(deps: CellportApiDeps) {
  return createTemplateAction({
    id: 'cellport:slb:domain:create',
    description:
      "Creates a domain on a Cellport LB group routing to an app's pods in every cell (reuses it when it exists)",
    supportsDryRun: true,
    examples: [
      {
        description: 'The public domain of a new service',
        example: [
          'steps:',
          '  - id: domain',
          '    name: Domain',
          '    action: cellport:slb:domain:create',
          '    input:',
          '      name: ${{ parameters.name }}.example.com',
          '      group: dev-public',
          "      app: ${{ steps['app'].output.app }}",
          '      port: 8080',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        name: z =>
          z.string().min(1).describe('The host name, e.g. shop.example.com'),
        group: z => z.string().min(1).describe('The LB group, e.g. dev-public'),
        app: z => z.string().min(1).describe('The app the domain routes to'),
        port: z =>
          z
            .number()
            .int()
            .min(1)
            .max(65535)
            .optional()
            .describe("The app's port (default 8080)"),
        path: z =>
          z.string().optional().describe("The location path (default '/')"),
      },
      output: {
        domain: z => z.string(),
        cname: z => z.string().describe('The CNAME the domain points at'),
        vip: z => z.string().describe("The LB group's virtual IP"),
        created: z =>
          z.boolean().describe('False when the domain existed and was reused'),
      },
    },
    async handler(ctx) {
      const { name, group, app } = ctx.input;
      const api = CellportApi.forCredentials(
        deps,
        await ctx.getInitiatorCredentials(),
      );
      const existing = await api.find<DomainView>(
        'slb',
        `/domains/${encodeURIComponent(name)}`,
      );
      let view: Pick<DomainView, 'cname' | 'vip'>;
      let created = false;
      if (existing) {
        if (existing.domain.app !== app || existing.domain.group !== group) {
          throw new ConflictError(
            `Domain '${name}' exists for app '${existing.domain.app}' on LB group '${existing.domain.group}'`,
          );
        }
        ctx.logger.info(`Domain ${name} exists: reused`);
        view = existing;
      } else if (ctx.isDryRun) {
        const groups = await api.request<{
          items: Array<{ name: string; vip: string }>;
        }>('slb', 'GET', '/groups');
        const found = groups.items.find(g => g.name === group);
        if (!found) throw new InputError(`Unknown LB group '${group}'`);
        ctx.logger.info(
          `Dry run: would create the domain ${name} on ${group} for ${app}`,
        );
        view = { cname: '', vip: found.vip };
      } else {
        view = await api.request<DomainView>('slb', 'POST', '/domains', {
          name,
          group,
          app,
          locations: [
            { path: ctx.input.path ?? '/', app, port: ctx.input.port ?? 8080 },
          ],
        });
        created = true;
        ctx.logger.info(`Created the domain ${name} on ${group} for ${app}`);
      }
      ctx.output('domain', name);
      ctx.output('cname', view.cname);
      ctx.output('vip', view.vip);
      ctx.output('created', created);
    },
  });
}

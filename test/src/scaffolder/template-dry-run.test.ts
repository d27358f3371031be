/*
 * The "Cellport HTTP service" template (catalog/templates/cellport-service) through the REAL
 * scaffolder's dry run (what the template editor does), with the Cellport module and the real
 * registry and cells plugins: the template's expressions render into valid action inputs, every
 * Cellport step reports what it would create, the skeleton renders, and nothing is created.
 * The notification and domain steps are left out (no notifications backend nor LB group here;
 * test/src/e2e/portal-api.test.ts runs the whole template on the running portal).
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleCellport from '@cellport/plugin-scaffolder-backend-module-cellport';
import { ALICE } from '../cells/harness';
import { ScaffolderSetup, startScaffolderSetup } from './harness';

jest.setTimeout(240_000);

const CELLS = ['td-1', 'td-2'];
const HOST = '127.0.0.1:5997';
const TEMPLATE_DIR = path.resolve(
  __dirname,
  '../../../catalog/templates/cellport-service',
);

/** Every file under `dir`, as the dry-run API takes them. */
function directoryContents(
  dir: string,
  base = dir,
): Array<{ path: string; base64Content: string }> {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return directoryContents(full, base);
    return [
      {
        path: path.relative(base, full),
        base64Content: fs.readFileSync(full).toString('base64'),
      },
    ];
  });
}

describe('Cellport HTTP service template', () => {
  let setup: ScaffolderSetup;
  const call = (plugin: string, method: string, p: string, body?: unknown) =>
    setup.call(ALICE, plugin, method, p, body);

  beforeAll(async () => {
    setup = await startScaffolderSetup('td', HOST, [
      scaffolderPlugin,
      scaffolderModuleCellport,
    ]);
  });

  afterAll(async () => {
    await setup?.stop();
  });

  it('renders every step and the skeleton in a dry run, creating nothing', async () => {
    const template = yaml.load(
      fs.readFileSync(path.join(TEMPLATE_DIR, 'template.yaml'), 'utf8'),
    ) as any;
    // no notifications backend nor LB groups here (the portal e2e test runs those steps)
    template.spec.steps = template.spec.steps.filter(
      (s: { action: string }) =>
        !['notification:send', 'cellport:slb:domain:create'].includes(s.action),
    );
    template.spec.output.links = template.spec.output.links.filter(
      (l: { title: string }) => l.title !== 'Domain',
    );
    delete template.spec.output.text;
    const res = await call('scaffolder', 'POST', '/v2/dry-run', {
      template,
      values: {
        name: 'websvc',
        description: 'A web service',
        owner: 'group:default/team',
        imageGroup: 'team',
        cells: CELLS,
        firstImage: 'library/base:1',
        lbGroup: 'dev-public',
        domainSuffix: 'dev.cellport.local',
      },
      directoryContents: directoryContents(TEMPLATE_DIR),
    });
    const text = await res.text();
    expect({ status: res.status, text }).toMatchObject({ status: 200 });
    const result = JSON.parse(text);
    // the scaffolder's task log: colored 'info: ' lines of the actions' loggers
    const messages: string[] = result.log.map((l: any) =>
      String(l.body.message)
        // eslint-disable-next-line no-control-regex
        .replace(/\u001b\[\d+m/g, '')
        .replace(/^info: /, ''),
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        'Dry run: would create the image repository team/websvc',
        'Dry run: would create the app websvc in td-1, td-2 (region td)',
        `Dry run: would deploy ${HOST}/library/base:1 as websvc v1 in its cells`,
        'Dry run: would set the alert rules error-ratio, latency-p99, restarts of websvc',
      ]),
    );
    expect(result.output.links).toEqual([
      { title: 'Image repository', url: '/registry/repositories/team/websvc' },
      { title: 'App', url: '/cells/websvc' },
      { title: 'Dashboards and alerts', url: '/observability/websvc' },
    ]);
    const files = Object.fromEntries(
      result.directoryContents.map((f: any) => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ]),
    );
    expect(files.Dockerfile).toContain('FROM library/base:1');
    expect(files['www/healthz']).toBe('ok\n');
    const info = yaml.load(files['catalog-info.yaml']) as any;
    expect(info.metadata).toMatchObject({
      name: 'websvc',
      annotations: {
        'cellport.io/app': 'websvc',
        'cellport.io/image': 'team/websvc',
      },
    });
    expect(
      (await call('registry', 'GET', '/repositories/team/websvc')).status,
    ).toBe(404);
    expect((await call('cells', 'GET', '/apps/websvc')).status).toBe(404);
  });
});

/*
 * The "Cellport HTTP service" template (catalog/templates/cellport-service) through the REAL
 * scaffolder's dry run (what the template editor does), with the Cellport module, the real
 * registry and cells plugins and the real local git server: the template's expressions render into
 * valid action inputs, every Cellport step reports what it would create, the skeleton renders, and
 * nothing is created (no git repository either). The notification and domain steps are left out (no
 * notifications backend nor LB group here; test/src/scaffolder/template-service.test.ts runs the
 * whole template on the running portal).
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleCellport from '@cellport/plugin-scaffolder-backend-module-cellport';
import { ALICE } from '../cells/harness';
import { waitFor } from '../lib/portal';
import { ScaffolderSetup, startScaffolderSetup } from './harness';
import { directoryContents } from './portalTemplates';

jest.setTimeout(240_000);

const CELLS = ['td-1', 'td-2'];
const HOST = '127.0.0.1:5997';
const TEMPLATE_DIR = path.resolve(
  __dirname,
  '../../../catalog/templates/cellport-service',
);

const GIT_PORT = 5998;
const GIT_URL = `http://127.0.0.1:${GIT_PORT}`;
const SKELETON_PORT = 5996;

/** The catalog as the dry run sees it: alice in group team, no location registered yet. */
class TestCatalog extends InMemoryCatalogClient {
  async getLocationByRef() {
    return undefined;
  }
}
const catalog = createServiceFactory({
  service: catalogServiceRef,
  deps: {},
  factory: () =>
    new TestCatalog({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'alice', namespace: 'default' },
          spec: { memberOf: ['team'] },
          relations: [{ type: 'memberOf', targetRef: 'group:default/team' }],
        },
      ],
    }),
});

/**
 * Runs the rendered skeleton's server.sh (busybox httpd, as the image's CMD does) on loopback:
 * /healthz, / and /metrics answer as the Dockerfile's service will.
 */
async function checkSkeletonServes(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-skeleton-'));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  const base = `http://127.0.0.1:${SKELETON_PORT}`;
  const server = spawn('sh', [path.join(dir, 'server.sh')], {
    env: {
      ...process.env,
      PORT: `127.0.0.1:${SKELETON_PORT}`,
      STATE_DIR: path.join(dir, 'state'),
    },
    stdio: 'inherit',
  });
  try {
    const healthz = await waitFor('the skeleton server', async () => {
      const res = await fetch(`${base}/healthz`).catch(() => undefined);
      return res?.ok ? res.text() : undefined;
    });
    expect(healthz).toBe('ok\n');
    expect(await (await fetch(`${base}/`)).text()).toContain('<h1>websvc</h1>');
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('service_info{service="websvc"} 1');
    expect(text).toMatch(/^process_start_time_seconds [1-9]\d+$/m);
    expect(text).toContain('http_requests_total{path="/metrics"} 1');
    expect(await (await fetch(`${base}/metrics`)).text()).toContain(
      'http_requests_total{path="/metrics"} 2',
    );
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
  } finally {
    server.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('Cellport HTTP service template', () => {
  let setup: ScaffolderSetup;
  const call = (plugin: string, method: string, p: string, body?: unknown) =>
    setup.call(ALICE, plugin, method, p, body);

  let gitRoot: string;
  let gitServer: ChildProcess;

  beforeAll(async () => {
    gitRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-git-'));
    gitServer = spawn(
      process.execPath,
      [
        path.resolve(__dirname, '../../../scripts/builds/git-http-server.mjs'),
        '--root',
        gitRoot,
        '--port',
        String(GIT_PORT),
      ],
      { stdio: 'inherit' },
    );
    await waitFor('the git server', async () =>
      (await fetch(`${GIT_URL}/healthz`)).ok ? true : undefined,
    );
    setup = await startScaffolderSetup(
      'td',
      HOST,
      [scaffolderPlugin, scaffolderModuleCellport],
      {
        catalog,
        config: {
          cellport: { scaffolder: { localGit: { baseUrl: GIT_URL } } },
        },
      },
    );
  });

  afterAll(async () => {
    await setup?.stop();
    gitServer?.kill();
    if (gitRoot) fs.rmSync(gitRoot, { recursive: true, force: true });
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
        expect.stringMatching(
          /^Dry run: would create http:\/\/127\.0\.0\.1:5998\/git\/websvc\.git and push \d+ files and folders to main$/,
        ),
        `Dry run: would register ${GIT_URL}/raw/websvc/main/catalog-info.yaml (component:default/websvc)`,
        `Dry run: would create the build config websvc building ${GIT_URL}/git/websvc.git (main) into team/websvc, with its webhook on the local git server`,
        'Dry run: would build the branch head of the config websvc',
        'Dry run: would create the app websvc in td-1, td-2 (region td)',
        `Dry run: would deploy ${HOST}/team/websvc:dry-run as websvc v1 in its cells`,
        'Dry run: would set the alert rules error-ratio, latency-p99, restarts of websvc',
      ]),
    );
    expect(result.output.links).toEqual([
      {
        title: 'Component',
        icon: 'catalog',
        entityRef: 'component:default/websvc',
      },
      { title: 'Git repository', url: `${GIT_URL}/git/websvc.git` },
      { title: 'Image repository', url: '/registry/repositories/team/websvc' },
      { title: 'Build', url: '/builds/websvc' },
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
    expect(files['www/index.html']).toContain('<h1>websvc</h1>');
    await checkSkeletonServes(files);
    const info = yaml.load(files['catalog-info.yaml']) as any;
    expect(info.metadata).toMatchObject({
      name: 'websvc',
      annotations: {
        'cellport.io/app': 'websvc',
        'cellport.io/image': 'team/websvc',
        'cellport.io/build': 'websvc',
        'cellport.io/domain': 'websvc.dev.cellport.local',
      },
    });
    expect(
      (await call('registry', 'GET', '/repositories/team/websvc')).status,
    ).toBe(404);
    expect((await call('cells', 'GET', '/apps/websvc')).status).toBe(404);
    expect((await fetch(`${GIT_URL}/api/repos/websvc`)).status).toBe(404);
  });
});

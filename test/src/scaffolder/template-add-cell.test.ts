/**
 * The "Add a cell to an app" template (catalog/templates/cellport-add-cell) end to end on the
 * running portal, through the scaffolder's API: alice's app runs v1 in dev-1 behind a domain of
 * dev-public; the template, run as alice, adds dev-2 with v1 and two replicas, and the template
 * ends once they are Ready there. The simulated cell dev-2 itself then holds the app's namespace,
 * Service, pull secret and a Ready Deployment, and the domain's traffic reaches dev-2's pods through
 * both Nginx hosts with nothing else done. A rerun reuses everything; a dry run and a user without
 * rights on the app create nothing. The cells API's own answers to bad input are checked too.
 */
import { requirePortal, waitFor } from '../lib/portal';
import { hasNamespace, portalCell } from '../lib/portalCells';
import { versionSpec } from '../cells/api';
import { getThroughNginx } from '../slb/nginxGet';
import { HOSTS, PortalApi, signInTokens } from '../slb/portalSlb';
import { Scaffolder } from './portalTemplates';

jest.setTimeout(900_000);

const TEMPLATE = 'cellport-add-cell';
// one app per suite run: the suite may rerun on the same state
const APP = `addc-${Date.now().toString(36).slice(-5)}`;
const DOMAIN = `${APP}.dev.cellport.local`;
const values = { app: APP, cell: 'dev-2', replicas: 2 };

describe('Add a cell to an app template on the portal', () => {
  let url: string;
  let alice: Scaffolder;
  let bob: Scaffolder;
  let cells: PortalApi;
  let cellsBob: PortalApi;

  beforeAll(async () => {
    url = await requirePortal();
    const tokens = await signInTokens(url, ['alice', 'bob']);
    alice = new Scaffolder(url, tokens.alice);
    bob = new Scaffolder(url, tokens.bob);
    cells = new PortalApi(url, 'cells', tokens.alice);
    cellsBob = new PortalApi(url, 'cells', tokens.bob);
    const catalog = new PortalApi(url, 'catalog', tokens.alice);
    await waitFor(
      'the template in the catalog',
      async () => {
        const res = await catalog.call(
          'GET',
          `/entities/by-name/template/default/${TEMPLATE}`,
        );
        return res.status === 200 ? true : undefined;
      },
      300_000,
    );
    // alice's app in dev-1 only, v1 Ready there, behind a domain of dev-public
    await cells.expect(201, 'POST', '/apps', { name: APP, cells: ['dev-1'] });
    await cells.expect(201, 'POST', `/apps/${APP}/versions`, {
      name: 'v1',
      spec: versionSpec({ 'dev-1': 1 }),
    });
    const slb = new PortalApi(url, 'slb', tokens.alice);
    await slb.expect(201, 'POST', '/domains', {
      name: DOMAIN,
      group: 'dev-public',
      app: APP,
      locations: [{ path: '/', app: APP, port: 8080 }],
    });
    for (const h of HOSTS) {
      await waitFor(
        `${DOMAIN} from dev-1 through ${h.host}`,
        async () => {
          const res = await getThroughNginx(h.address, DOMAIN);
          return res.status === 200 ? res : undefined;
        },
        120_000,
        500,
      );
    }
  });

  /** The app's cells with the version each serves, as alice sees them. */
  const appCells = async () =>
    (await cells.expect(200, 'GET', `/apps/${APP}`)).cells.map((c: any) => [
      c.cell,
      c.stableVersion,
    ]);

  it('answers bad input to the add-cell API with what to fix, changing nothing', async () => {
    const add = (body: unknown) =>
      cells.call('POST', `/apps/${APP}/cells`, body);
    let res = await add({ cell: 'dev-1' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      `App '${APP}' already runs in cell 'dev-1'`,
    );
    res = await add({ cell: 'dev-9' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/unknown cell 'dev-9'/);
    res = await add({ cell: 'dev-2', version: 'v9' });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(`App '${APP}' has no version 'v9'`);
    res = await add({ cell: 'dev-2', replicas: 2 });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/replicas need a version/);
    res = await cells.call('POST', `/apps/nope-${APP}/cells`, {
      cell: 'dev-2',
    });
    expect(res.status).toBe(404);
    // bob is no member: the app does not exist for him
    res = await cellsBob.call('POST', `/apps/${APP}/cells`, { cell: 'dev-2' });
    expect(res.status).toBe(404);
    expect(await appCells()).toEqual([['dev-1', 'v1']]);
    expect(await hasNamespace('dev-2', APP)).toBe(false);
  });

  it("stops a user without rights on the app at the first step with the cells plugin's message, creating nothing", async () => {
    const run = await bob.run(TEMPLATE, values);
    expect(run.status).toBe('failed');
    expect(run.failedStep).toBe('cell');
    expect(run.log).toContain(`App '${APP}' not found`);
    expect(await appCells()).toEqual([['dev-1', 'v1']]);
    expect(await hasNamespace('dev-2', APP)).toBe(false);
  });

  it('reports what it would do in a dry run and creates nothing', async () => {
    const dry = await alice.dryRun('cellport-add-cell', values);
    expect(dry.status).toBe(200);
    expect(dry.log).toEqual(
      expect.arrayContaining([
        `Dry run: would add cell dev-2 to the app ${APP} running v1`,
        `Dry run: would deploy the version as ${APP} v1 in dev-2`,
      ]),
    );
    expect(await appCells()).toEqual([['dev-1', 'v1']]);
    expect(await hasNamespace('dev-2', APP)).toBe(false);
  });

  it('adds the cell, runs the version Ready there, serves it through Nginx; a rerun reuses everything', async () => {
    const run = await alice.run(TEMPLATE, values);
    if (run.status !== 'completed')
      throw new Error(`task ${run.status}:\n${run.log}`);
    expect(run.log).toContain(`Added cell dev-2 to the app ${APP}, running v1`);
    expect(run.output.links).toEqual([
      { title: 'The app', url: `/cells/${APP}` },
    ]);
    expect(await appCells()).toEqual([
      ['dev-1', 'v1'],
      ['dev-2', 'v1'],
    ]);
    // the version's spec carries the new cell's replicas (a release and a rollback size it from there)
    const [v1] = (await cells.expect(200, 'GET', `/apps/${APP}/versions`))
      .items;
    expect(v1.spec.replicas).toEqual({ 'dev-1': 1, 'dev-2': 2 });

    // the simulated cell itself: namespace, Service, and the Deployment Ready with 2 replicas
    const dev2 = portalCell('dev-2');
    const service = await dev2.core.readNamespacedService({
      name: APP,
      namespace: APP,
    });
    expect(service.metadata?.name).toBe(APP);
    const deployment = await dev2.apps.readNamespacedDeployment({
      name: `${APP}-v1`,
      namespace: APP,
    });
    expect(deployment.spec?.replicas).toBe(2);
    expect(deployment.status?.readyReplicas).toBe(2);
    const dev1 = await portalCell('dev-1').apps.readNamespacedDeployment({
      name: `${APP}-v1`,
      namespace: APP,
    });
    expect(dev1.status?.readyReplicas).toBe(1);

    // nothing else done: the LB discovered dev-2's pods, which answer through both hosts
    for (const h of HOSTS) {
      await waitFor(
        `an answer from dev-2 through ${h.host}`,
        async () => {
          const res = await getThroughNginx(h.address, DOMAIN);
          return res.status === 200 && /"cell":"dev-2"/.test(res.body)
            ? res
            : undefined;
        },
        120_000,
        200,
      );
    }

    const again = await alice.run(TEMPLATE, values);
    if (again.status !== 'completed')
      throw new Error(`task ${again.status}:\n${again.log}`);
    expect(again.log).toContain(`App ${APP} runs in dev-2 already: reused`);
    expect(again.log).toContain(`Version v1 of ${APP} exists: reused`);
    expect(await appCells()).toEqual([
      ['dev-1', 'v1'],
      ['dev-2', 'v1'],
    ]);
    expect(
      (await cells.expect(200, 'GET', `/apps/${APP}/versions`)).items,
    ).toHaveLength(1);
  });
});

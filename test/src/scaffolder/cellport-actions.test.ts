/*
 * The Cellport scaffolder actions (issue 15) against the REAL registry and cells backend plugins
 * in one test backend and two simulated cells: the actions find the plugins through discovery and
 * call them with tokens issued on behalf of the template's initiator (the test backend's auth
 * service), so the plugins' own permission checks decide. Alice's run creates the repository and
 * the app and deploys a version Ready in both cells; a rerun reuses all of it; a dry run creates
 * nothing; bob, without rights on alice's image group, is stopped at the first step with the
 * registry's message and nothing is created.
 */
import {
  coreServices,
  createBackendPlugin,
  type AuthService,
  type DiscoveryService,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  createCellsAppAction,
  createCellsVersionDeployAction,
  createRegistryRepositoryAction,
} from '@cellport/plugin-scaffolder-backend-module-cellport';
import {
  ALICE,
  BOB,
  CellsBackend,
  isPodReady,
  TestCells,
} from '../cells/harness';
import { ScaffolderSetup, startScaffolderSetup } from './harness';
import { runStep } from './actionContext';

jest.setTimeout(240_000);

const CELLS = ['sc-1', 'sc-2'];
/** The registry host of image references (`registry.url`); the simulated nodes have the images. */
const HOST = '127.0.0.1:5998';

describe('Cellport scaffolder actions', () => {
  let setup: ScaffolderSetup;
  let cells: TestCells;
  let backend: CellsBackend;
  const services: { auth?: AuthService; discovery?: DiscoveryService } = {};

  /** Captures the backend's auth and discovery services, as the scaffolder module receives them. */
  const servicesProbe = createBackendPlugin({
    pluginId: 'scaffolder',
    register(reg) {
      reg.registerInit({
        deps: { auth: coreServices.auth, discovery: coreServices.discovery },
        async init(deps) {
          Object.assign(services, deps);
        },
      });
    },
  });

  const actions = () => {
    const deps = { auth: services.auth!, discovery: services.discovery! };
    return {
      repository: createRegistryRepositoryAction(deps),
      app: createCellsAppAction(deps),
      deploy: createCellsVersionDeployAction(deps),
    };
  };

  /** The template's three steps, as `user`; stops at the first failing step like the scaffolder. */
  const runTemplate = async (
    user: string,
    name: string,
    options: { dryRun?: boolean; group?: string } = {},
  ) => {
    const credentials = mockCredentials.user(user);
    const { repository, app, deploy } = actions();
    const repo = await runStep(
      repository,
      { group: options.group ?? 'team', name },
      credentials,
      options,
    );
    const created = await runStep(
      app,
      {
        name,
        cells: CELLS,
        production: true,
        imageRepository: repo.output.repository,
      },
      credentials,
      options,
    );
    const version = await runStep(
      deploy,
      {
        app: name,
        version: 'v1',
        image: `${repo.output.image}:1.0.0`,
        replicas: 1,
        timeoutSeconds: 180,
      },
      credentials,
      options,
    );
    return { repo, app: created, version };
  };

  const registryCall = (
    user: string,
    method: string,
    p: string,
    body?: unknown,
  ) => setup.call(user, 'registry', method, p, body);
  const registryGet = (p: string) => registryCall(ALICE, 'GET', p);

  beforeAll(async () => {
    setup = await startScaffolderSetup('sc', HOST, [servicesProbe]);
    ({ cells, backend } = setup);
  });

  afterAll(async () => {
    await setup?.stop();
  });

  it('creates the repository and the app and deploys a version Ready in both cells, as alice', async () => {
    const run = await runTemplate(ALICE, 'svc');
    expect(run.repo.output).toEqual({
      repository: 'team/svc',
      image: `${HOST}/team/svc`,
      registryHost: HOST,
      created: true,
    });
    expect(run.app.output).toEqual({
      app: 'svc',
      region: 'sc',
      cells: CELLS,
      created: true,
    });
    expect(run.version.output).toEqual({
      version: 'v1',
      readyCells: CELLS,
      otherCells: [],
      created: true,
    });
    expect(
      run.version.log.filter(l => / in sc-\d: Ready$/.test(l)),
    ).toHaveLength(2);
    for (const cell of CELLS) {
      const pods = await cells.pods(cell, 'svc', 'v1');
      expect(pods.filter(isPodReady)).toHaveLength(1);
      expect(pods[0].spec!.containers[0].image).toBe(`${HOST}/team/svc:1.0.0`);
    }
    // alice is the Owner of what the actions created
    const repo = await (await registryGet('/repositories/team/svc')).json();
    expect(repo.createdBy).toBe(ALICE);
    const app = await backend.api.expect(200, 'GET', '/apps/svc');
    expect(app.createdBy).toBe(ALICE);
    expect(app.imageRepository).toBe('team/svc');
  });

  it('reuses everything on a rerun with the same inputs', async () => {
    const run = await runTemplate(ALICE, 'svc');
    expect(run.repo.output.created).toBe(false);
    expect(run.app.output.created).toBe(false);
    expect(run.version.output).toMatchObject({
      created: false,
      readyCells: CELLS,
    });
    expect(run.repo.log).toContain('Image repository team/svc exists: reused');
    const repos = await (await registryGet('/groups/team/repositories')).json();
    expect(repos.items.map((r: { name: string }) => r.name)).toEqual([
      'team/svc',
    ]);
    const versions = await backend.api.expect(200, 'GET', '/apps/svc/versions');
    expect(versions.items.map((v: { name: string }) => v.name)).toEqual(['v1']);
    for (const cell of CELLS) {
      expect(await cells.deployments(cell, 'svc')).toEqual(['svc-v1']);
      expect(await cells.pods(cell, 'svc')).toHaveLength(1);
    }
  });

  it('refuses to reuse a version of the same name running another image, changing nothing', async () => {
    const { deploy } = actions();
    await expect(
      runStep(
        deploy,
        { app: 'svc', version: 'v1', image: `${HOST}/team/svc:2.0.0` },
        mockCredentials.user(ALICE),
      ),
    ).rejects.toThrow(
      `App 'svc' already has a version 'v1' running ${HOST}/team/svc:1.0.0, not ${HOST}/team/svc:2.0.0`,
    );
    const versions = await backend.api.expect(200, 'GET', '/apps/svc/versions');
    expect(versions.items).toHaveLength(1);
  });

  it("stops with each cell's state when a version never becomes Ready, and a rerun waits again", async () => {
    const { deploy } = actions();
    const input = {
      app: 'svc',
      version: 'v2',
      image: `${HOST}/team/svc:2.0.0`,
      // the simulated pod's readiness path answers 503 for ever
      env: { SIM_NEVER_READY: 'true' },
      timeoutSeconds: 10,
    };
    // v2 is created but no cell serves it by a first deploy (both serve v1): nothing to wait for
    const other = await runStep(deploy, input, mockCredentials.user(ALICE));
    expect(other.output).toMatchObject({
      readyCells: [],
      otherCells: CELLS,
      created: true,
    });
    expect(other.log).toContain(
      'Cell sc-1 serves v1: a release moves it to v2',
    );

    // a new app's first version with a probe that never passes
    const { app } = actions();
    await runStep(
      app,
      { name: 'stuck', cells: CELLS },
      mockCredentials.user(ALICE),
    );
    const stuck = { ...input, app: 'stuck', version: 'v1' };
    for (let run = 0; run < 2; run++) {
      await expect(
        runStep(deploy, stuck, mockCredentials.user(ALICE)),
      ).rejects.toThrow(
        /^stuck v1 was not Ready within 10 s in sc-1: 0\/1 ready \(stuck-v1-.* Running\); sc-2: 0\/1 ready/,
      );
    }
    const versions = await backend.api.expect(
      200,
      'GET',
      '/apps/stuck/versions',
    );
    expect(versions.items.map((v: { name: string }) => v.name)).toEqual(['v1']);
  });

  it('reports what a dry run would create and creates nothing', async () => {
    const run = await runTemplate(ALICE, 'drysvc', { dryRun: true });
    expect(run.repo.output).toEqual({
      repository: 'team/drysvc',
      image: `${HOST}/team/drysvc`,
      registryHost: HOST,
      created: false,
    });
    expect(run.repo.log).toContain(
      'Dry run: would create the image repository team/drysvc',
    );
    expect(run.app.log).toContain(
      'Dry run: would create the app drysvc in sc-1, sc-2 (region sc)',
    );
    expect(run.version.log[0]).toMatch(
      /^Dry run: would deploy .*drysvc:1.0.0 as drysvc v1/,
    );
    expect((await registryGet('/repositories/team/drysvc')).status).toBe(404);
    await backend.api.expect(404, 'GET', '/apps/drysvc');
    for (const cell of CELLS) {
      expect(await cells.deployments(cell, 'drysvc')).toEqual([]);
    }
  });

  it("stops bob at the first step with the registry's message when he has no rights on the image group, creating nothing", async () => {
    // the message the registry gives bob when he creates the repository himself (the UI's message)
    const direct = await registryCall(
      BOB,
      'POST',
      '/groups/team/repositories',
      {
        name: 'bobsvc',
      },
    );
    expect(direct.status).toBeGreaterThanOrEqual(400);
    expect(direct.status).toBeLessThan(500);
    const { error } = await direct.json();
    for (const dryRun of [true, false]) {
      await expect(
        runTemplate(BOB, 'bobsvc', { dryRun }),
      ).rejects.toMatchObject({
        name: error.name,
        message: error.message,
      });
    }
    expect((await registryGet('/repositories/team/bobsvc')).status).toBe(404);
    await backend.api.expect(404, 'GET', '/apps/bobsvc');
    await backend.api.as(BOB).expect(404, 'GET', '/apps/bobsvc');
  });

  it("stops a Reporter of the image group at the first step, dry run too, with the registry's message", async () => {
    expect(
      (await registryCall(ALICE, 'POST', '/groups', { name: 'shared' })).status,
    ).toBe(201);
    const member = await registryCall(ALICE, 'POST', '/groups/shared/members', {
      member: BOB,
      role: 'reporter',
    });
    expect(member.status).toBe(201);
    const direct = await registryCall(
      BOB,
      'POST',
      '/groups/shared/repositories',
      {
        name: 'bobsvc',
      },
    );
    expect(direct.status).toBe(403);
    const { error } = await direct.json();
    expect(error.message).toMatch(/needs the Developer role/);
    for (const dryRun of [true, false]) {
      await expect(
        runTemplate(BOB, 'bobsvc', { dryRun, group: 'shared' }),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: error.message,
      });
    }
    expect((await registryGet('/repositories/shared/bobsvc')).status).toBe(404);
    await backend.api.expect(404, 'GET', '/apps/bobsvc');
  });
});

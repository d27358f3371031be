// One file past 400 lines: the cases run in order against one backend and two simulated cells
// started once per database, each building on the app the previous ones made.
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { startSimulator, Simulator } from '@cellport/cell-sim';
import { createCellportTestDatabases, eventually } from '@cellport/test-utils';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import fs from 'node:fs';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startCellsTestBackend } from './__testUtils__/cellsTestBackend';
import { KubeCellWorkloads } from './services/kube/KubeCellWorkloads';
import { versionSpecSchema } from '@cellport/plugin-cells-common';

jest.setTimeout(240_000);

const databases = createCellportTestDatabases();

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';


describe('cells apps against simulated cells', () => {
  let sim: Simulator;
  let dir: string;
  const clients: Record<string, { core: CoreV1Api; apps: AppsV1Api }> = {};
  let cellsConfig: Array<{ name: string; cells: any[] }>;

  beforeAll(async () => {
    sim = await startSimulator({
      cells: [
        { name: 'dev-1', region: 'dev', port: 0 },
        { name: 'dev-2', region: 'dev', port: 0 },
        { name: 'la-1', region: 'la', port: 0 },
      ],
      adminPort: 0,
      timings: { hpaSyncPeriodMs: 1000, crashLoopBackOffBaseMs: 1000 },
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cells-apps-'));
    const cell = (name: string) => ({
      name,
      kubeconfigFile: sim
        .cell(name)
        .writeKubeconfig(path.join(dir, `${name}.kubeconfig`)),
      simulated: true,
    });
    cellsConfig = [
      { name: 'dev', cells: [cell('dev-1'), cell('dev-2')] },
      { name: 'la', cells: [cell('la-1')] },
    ];
    for (const c of sim.cells) {
      const kc = new KubeConfig();
      kc.loadFromString(c.kubeconfig);
      clients[c.name] = {
        core: kc.makeApiClient(CoreV1Api),
        apps: kc.makeApiClient(AppsV1Api),
      };
    }
  });

  afterAll(async () => {
    await sim?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const setReachable = async (cell: string, reachable: boolean) => {
    const res = await fetch(`${sim.adminUrl}/_sim/reachable`, {
      method: 'POST',
      body: JSON.stringify({ cell, reachable }),
    });
    expect(res.ok).toBe(true);
  };

  const namespaces = async (cell: string) =>
    (await clients[cell].core.listNamespace()).items.map(
      n => n.metadata!.name!,
    );

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let server: Server;
    const app = `shop-${databaseId.startsWith('POSTGRES') ? 'pg' : 'sq'}`;
    const as = (who: string) => mockCredentials.user.header(who);
    const api = () => request(server);

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      ({ server } = await startCellsTestBackend({
        knex,
        cells: {
          viewTimeoutSeconds: 3,
          requestTimeoutSeconds: 5,
          regions: cellsConfig,
        },
      }));
    });

    it('refuses bad input with 4xx and changes nothing in any cell', async () => {
      const bad: Array<[unknown, number, RegExp]> = [
        [{ name: 'Bad_Name', cells: ['dev-1'] }, 400, /DNS-1123/],
        [{ name: 'x'.repeat(40), cells: ['dev-1'] }, 400, /at most 30/],
        [
          { name: 'bad-unknown', cells: ['dev-1', 'dev-9'] },
          400,
          /unknown cell 'dev-9'/,
        ],
        [
          { name: 'bad-single', production: true, cells: ['dev-1'] },
          400,
          /at least two cells/,
        ],
        [{ name: 'bad-mixed', cells: ['dev-1', 'la-1'] }, 400, /one region/],
        [{ name: 'bad-cells', cells: 'dev-1' }, 400, /list of cell names/],
      ];
      for (const [body, status, message] of bad) {
        const res = await api()
          .post('/api/cells/apps')
          .set('Authorization', as(ALICE))
          .send(body as object);
        expect({ body, status: res.status }).toEqual({ body, status });
        expect(res.body.error.message).toMatch(message);
      }
      const malformed = await api()
        .post('/api/cells/apps')
        .set('Authorization', as(ALICE))
        .set('Content-Type', 'application/json')
        .send('{"name": "bad-json", ');
      expect(malformed.status).toBe(400);
      for (const cell of ['dev-1', 'dev-2', 'la-1']) {
        expect(
          (await namespaces(cell)).filter(
            n => n.startsWith('bad') || n === 'Bad_Name',
          ),
        ).toEqual([]);
      }
      expect(
        (await api().get('/api/cells/apps').set('Authorization', as(ALICE)))
          .body.items,
      ).toEqual([]);
    });

    it('creates an app in two cells with server-side apply; harmless to repeat', async () => {
      const res = await api()
        .post('/api/cells/apps')
        .set('Authorization', as(ALICE))
        .send({
          name: app,
          production: true,
          cells: ['dev-1', 'dev-2'],
          description: 'The shop',
        });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: app,
        region: 'dev',
        production: true,
        createdBy: ALICE,
      });
      for (const cell of ['dev-1', 'dev-2']) {
        const ns = await clients[cell].core.readNamespace({ name: app });
        expect(ns.metadata?.labels).toMatchObject({
          'cellport.io/app': app,
          'app.kubernetes.io/managed-by': 'cellport',
        });
        const svc = await clients[cell].core.readNamespacedService({
          name: app,
          namespace: app,
        });
        expect(svc.spec?.selector).toEqual({ 'cellport.io/app': app });
        expect(
          svc.metadata?.managedFields?.some(
            m => m.manager === 'cellport' && m.operation === 'Apply',
          ),
        ).toBe(true);
      }
      expect(await namespaces('la-1')).not.toContain(app);
      // running the step again (as a retry would) changes nothing
      const before = await clients['dev-1'].core.readNamespacedService({
        name: app,
        namespace: app,
      });
      const workloads = KubeCellWorkloads.create({
        supplier: {
          getCells: async () =>
            cellsConfig.flatMap(r =>
              r.cells.map(c => ({
                ...c,
                region: r.name,
                skipTLSVerify: false,
              })),
            ),
        },
        logger: mockServices.logger.mock(),
      });
      await workloads.ensureApp('dev-1', { name: app });
      const after = await clients['dev-1'].core.readNamespacedService({
        name: app,
        namespace: app,
      });
      expect(after.spec).toEqual(before.spec);
      expect(after.metadata?.uid).toBe(before.metadata?.uid);

      const again = await api()
        .post('/api/cells/apps')
        .set('Authorization', as(ALICE))
        .send({ name: app, cells: ['dev-1'] });
      expect(again.status).toBe(409);
    });

    it('hides the app from non-members', async () => {
      expect(
        (
          await api()
            .get(`/api/cells/apps/${app}`)
            .set('Authorization', as(BOB))
        ).status,
      ).toBe(404);
      expect(
        (
          await api()
            .get(`/api/cells/apps/${app}/overview`)
            .set('Authorization', as(BOB))
        ).status,
      ).toBe(404);
      expect(
        (await api().get('/api/cells/apps').set('Authorization', as(BOB))).body
          .items,
      ).toEqual([]);
      const mine = await api()
        .get('/api/cells/apps')
        .query({ q: 'shop' })
        .set('Authorization', as(ALICE));
      expect(mine.body.items.map((a: any) => a.name)).toEqual([app]);
      const perms = await api()
        .get(`/api/cells/apps/${app}/permissions`)
        .set('Authorization', as(ALICE));
      expect(perms.body).toEqual({
        deploy: true,
        scale: true,
        release: true,
        update: true,
        delete: true,
        membersManage: true,
        logs: true,
        events: true,
      });
      await request(server).get(`/api/cells/apps/${app}`).expect(401);
    });

    it('deploys the first version to both cells; the overview shows ready/desired and pods', async () => {
      const bad = await api()
        .post(`/api/cells/apps/${app}/versions`)
        .set('Authorization', as(ALICE))
        .send({
          name: 'v1',
          spec: { image: 'example/shop:1', replicas: { 'dev-1': -1 } },
        });
      expect(bad.status).toBe(400);
      const stranger = await api()
        .post(`/api/cells/apps/${app}/versions`)
        .set('Authorization', as(ALICE))
        .send({
          name: 'v1',
          spec: { image: 'example/shop:1', replicas: { 'la-1': 1 } },
        });
      expect(stranger.status).toBe(400);
      expect(
        (
          await clients['dev-1'].apps.listNamespacedDeployment({
            namespace: app,
          })
        ).items,
      ).toEqual([]);

      const res = await api()
        .post(`/api/cells/apps/${app}/versions`)
        .set('Authorization', as(ALICE))
        .send({
          name: 'v1',
          spec: {
            image: 'example/shop:1.0.0',
            replicas: { 'dev-1': 2, 'dev-2': 1 },
            healthCheck: { path: '/healthz', periodSeconds: 1 },
            resources: {
              requests: { cpu: '10m', memory: '16Mi' },
              limits: { cpu: '100m', memory: '64Mi' },
            },
          },
        });
      expect(res.status).toBe(201);
      const overview = await eventually('v1 ready in both cells', async () => {
        const o = await api()
          .get(`/api/cells/apps/${app}/overview`)
          .set('Authorization', as(ALICE));
        const ready = o.body.cells.map((c: any) => c.versions[0]?.ready);
        return ready[0] === 2 && ready[1] === 1 && o.body;
      });
      expect(overview.cells[0]).toMatchObject({
        cell: 'dev-1',
        reachable: true,
        stableVersion: 'v1',
        drifted: false,
        versions: [
          { version: 'v1', image: 'example/shop:1.0.0', desired: 2, ready: 2 },
        ],
      });
      expect(overview.cells[0].pods).toHaveLength(2);
      expect(overview.cells[0].pods[0]).toMatchObject({
        cell: 'dev-1',
        version: 'v1',
        ready: true,
        status: 'Running',
      });
      const appBody = (
        await api()
          .get(`/api/cells/apps/${app}`)
          .set('Authorization', as(ALICE))
      ).body;
      expect(appBody.currentVersion).toBe('v1');
    });

    it('scales a version in one cell', async () => {
      const up = await api()
        .post(`/api/cells/apps/${app}/versions/v1/scale`)
        .set('Authorization', as(ALICE))
        .send({ cell: 'dev-1', replicas: 3 });
      expect(up.status).toBe(200);
      await eventually('3 ready', async () => {
        const o = await api()
          .get(`/api/cells/apps/${app}/overview`)
          .set('Authorization', as(ALICE));
        return o.body.cells[0].versions[0].ready === 3;
      });
      const down = await api()
        .post(`/api/cells/apps/${app}/versions/v1/scale`)
        .set('Authorization', as(ALICE))
        .send({ cell: 'dev-1', replicas: 2 });
      expect(down.body).toMatchObject({ version: 'v1', desired: 2 });
      const bad = await api()
        .post(`/api/cells/apps/${app}/versions/v1/scale`)
        .set('Authorization', as(ALICE))
        .send({ cell: 'dev-1', replicas: -1 });
      expect(bad.status).toBe(400);
      const unknown = await api()
        .post(`/api/cells/apps/${app}/versions/v9/scale`)
        .set('Authorization', as(ALICE))
        .send({ cell: 'dev-1', replicas: 1 });
      expect(unknown.status).toBe(404);
      expect(
        (
          await clients['dev-2'].apps.readNamespacedDeployment({
            name: `${app}-v1`,
            namespace: app,
          })
        ).spec?.replicas,
      ).toBe(1);
    });

    it('removes a version no cell serves, refuses the stable one', async () => {
      const v2 = await api()
        .post(`/api/cells/apps/${app}/versions`)
        .set('Authorization', as(ALICE))
        .send({
          name: 'v2',
          spec: {
            image: 'example/shop:2.0.0',
            replicas: { 'dev-1': 1, 'dev-2': 1 },
          },
        });
      expect(v2.status).toBe(201);
      // cells serving v1 are left to a release
      expect(
        (
          await clients['dev-1'].apps.listNamespacedDeployment({
            namespace: app,
          })
        ).items.map(d => d.metadata?.name),
      ).toEqual([`${app}-v1`]);
      const versions = await api()
        .get(`/api/cells/apps/${app}/versions`)
        .set('Authorization', as(ALICE));
      expect(versions.body.items.map((v: any) => v.name)).toEqual(['v2', 'v1']);
      // a canary of v2 runs in dev-1 (as the release engine would start it)
      const workloads = KubeCellWorkloads.create({
        supplier: {
          getCells: async () =>
            cellsConfig.flatMap(r =>
              r.cells.map(c => ({
                ...c,
                region: r.name,
                skipTLSVerify: false,
              })),
            ),
        },
        logger: mockServices.logger.mock(),
      });
      await workloads.applyVersion(
        'dev-1',
        app,
        { name: 'v2', spec: versionSpecSchema.parse(v2.body.spec) },
        1,
      );

      expect(
        (
          await api()
            .delete(`/api/cells/apps/${app}/versions/v1`)
            .set('Authorization', as(ALICE))
        ).status,
      ).toBe(409);
      expect(
        (
          await api()
            .delete(`/api/cells/apps/${app}/versions/v2`)
            .set('Authorization', as(ALICE))
        ).status,
      ).toBe(204);
      await expect(
        clients['dev-1'].apps.readNamespacedDeployment({
          name: `${app}-v2`,
          namespace: app,
        }),
      ).rejects.toMatchObject({ code: 404 });
      expect(
        (
          await api()
            .get(`/api/cells/apps/${app}/versions`)
            .set('Authorization', as(ALICE))
        ).body.items.map((v: any) => v.name),
      ).toEqual(['v1']);
    });

    it('merges the events of both cells newest first', async () => {
      const res = await eventually('events of both cells', async () => {
        const r = await api()
          .get(`/api/cells/apps/${app}/events`)
          .set('Authorization', as(ALICE));
        const cells = new Set(r.body.items.map((e: any) => e.cell));
        return cells.has('dev-1') && cells.has('dev-2') && r.body;
      });
      expect(res.errors).toEqual([]);
      const times = res.items.map((e: any) => e.at);
      expect([...times].sort().reverse()).toEqual(times);
      expect(res.items[0]).toMatchObject({
        type: expect.any(String),
        reason: expect.any(String),
        object: expect.stringMatching(/\//),
      });
    });

    it('reads and follows pod logs', async () => {
      const overview = await api()
        .get(`/api/cells/apps/${app}/overview`)
        .set('Authorization', as(ALICE));
      const pod = overview.body.cells[0].pods.find((p: any) => p.ready);
      await fetch(`http://${pod.ip}:8080/hello-${app}`);
      const log = await api()
        .get(`/api/cells/apps/${app}/cells/dev-1/pods/${pod.name}/log`)
        .query({ tailLines: 100 })
        .set('Authorization', as(ALICE));
      expect(log.status).toBe(200);
      expect(log.headers['content-type']).toMatch(/^text\/plain/);
      expect(log.text).toContain(`/hello-${app}`);
      expect(
        (
          await api()
            .get(`/api/cells/apps/${app}/cells/dev-1/pods/${pod.name}/log`)
            .query({ previous: 'true' })
            .set('Authorization', as(ALICE))
        ).status,
      ).toBe(400);
      expect(
        (
          await api()
            .get(`/api/cells/apps/${app}/cells/la-1/pods/${pod.name}/log`)
            .set('Authorization', as(ALICE))
        ).status,
      ).toBe(404);
      expect(
        (
          await api()
            .get(`/api/cells/apps/${app}/cells/dev-1/pods/nope/log`)
            .set('Authorization', as(ALICE))
        ).status,
      ).toBe(404);

      // follow: lines arrive while the request is open; closing it stops the stream
      const { port } = server.address() as AddressInfo;
      const abort = new AbortController();
      const res = await fetch(
        `http://127.0.0.1:${port}/api/cells/apps/${app}/cells/dev-1/pods/${pod.name}/log?follow=true&tailLines=1`,
        { headers: { authorization: as(ALICE) }, signal: abort.signal },
      );
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      let text = '';
      await fetch(`http://${pod.ip}:8080/followed-${app}`);
      await eventually('followed line', async () => {
        const { value } = await reader.read();
        text += Buffer.from(value ?? []).toString();
        return text.includes(`/followed-${app}`);
      });
      abort.abort();
    });

    it('shows an unreachable cell in the overview without failing it', async () => {
      await setReachable('dev-2', false);
      try {
        // the cell's watch cache notices the broken connection on its own time
        const res = await eventually('dev-2 shown unreachable', async () => {
          const r = await api()
            .get(`/api/cells/apps/${app}/overview`)
            .set('Authorization', as(ALICE));
          return r.status !== 200 || r.body.cells[1]?.reachable === false ? r : undefined;
        });
        expect(res.status).toBe(200);
        expect(res.body.cells[0]).toMatchObject({
          cell: 'dev-1',
          reachable: true,
          versions: [{ version: 'v1' }],
        });
        // served from the cell's watch cache: what dev-2 had when it went away, marked stale
        expect(res.body.cells[1]).toMatchObject({
          cell: 'dev-2',
          reachable: false,
          versions: [{ version: 'v1' }],
        });
        expect(Date.parse(res.body.cells[1].staleSince)).toBeLessThanOrEqual(Date.now());
        expect(res.body.cells[1].error).toContain('dev-2');
        const events = await api()
          .get(`/api/cells/apps/${app}/events`)
          .set('Authorization', as(ALICE));
        expect(events.body.errors.map((e: any) => e.cell)).toEqual(['dev-2']);
        const del = await api()
          .delete(`/api/cells/apps/${app}`)
          .set('Authorization', as(ALICE));
        expect(del.status).toBe(503);
        expect(del.body.error.message).toContain("cell 'dev-2'");
        expect(await namespaces('dev-1')).toContain(app);
      } finally {
        await setReachable('dev-2', true);
      }
    });

    it('lets members in by role and deletes the app from every cell', async () => {
      const add = await api()
        .post(`/api/cells/apps/${app}/members`)
        .set('Authorization', as(ALICE))
        .send({ member: BOB, role: 'reporter' });
      expect(add.status).toBe(201);
      expect(
        (
          await api()
            .get(`/api/cells/apps/${app}`)
            .set('Authorization', as(BOB))
        ).status,
      ).toBe(200);
      const scale = await api()
        .post(`/api/cells/apps/${app}/versions/v1/scale`)
        .set('Authorization', as(BOB))
        .send({ cell: 'dev-1', replicas: 5 });
      expect(scale.status).toBe(403);
      expect(
        (
          await api()
            .delete(`/api/cells/apps/${app}`)
            .set('Authorization', as(BOB))
        ).status,
      ).toBe(403);

      expect(
        (
          await api()
            .delete(`/api/cells/apps/${app}`)
            .set('Authorization', as(ALICE))
        ).status,
      ).toBe(204);
      for (const cell of ['dev-1', 'dev-2']) {
        await eventually(
          `namespace gone from ${cell}`,
          async () => !(await namespaces(cell)).includes(app),
        );
      }
      expect(
        (
          await api()
            .get(`/api/cells/apps/${app}`)
            .set('Authorization', as(ALICE))
        ).status,
      ).toBe(404);
    });
  });
});

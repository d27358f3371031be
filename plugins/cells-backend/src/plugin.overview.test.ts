// The app overview over HTTP on a real backend and a simulated cell: served from a snapshot with
// an ETag (304 to a client that has it), the next view after a pod changed shows the change, and
// a member who loses access gets 404 within the configured view access cache time.
import { mockCredentials } from '@backstage/backend-test-utils';
import { startSimulator, Simulator } from '@cellport/cell-sim';
import { createCellportTestDatabases, eventually } from '@cellport/test-utils';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import fs from 'node:fs';
import { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startCellsTestBackend } from './__testUtils__/cellsTestBackend';

jest.setTimeout(240_000);

const databases = createCellportTestDatabases();
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
/** The view access cache of the backend under test, in seconds. */
const ACCESS_CACHE_SECONDS = 2;

const spec = {
  image: 'example/ov:1',
  replicas: { 'ov-1': 2 },
  healthCheck: { path: '/healthz', periodSeconds: 1 },
  resources: {
    requests: { cpu: '10m', memory: '16Mi' },
    limits: { cpu: '100m', memory: '64Mi' },
  },
};

describe('the app overview over HTTP', () => {
  let sim: Simulator;
  let dir: string;
  let core: CoreV1Api;

  beforeAll(async () => {
    sim = await startSimulator({
      cells: [{ name: 'ov-1', region: 'ov', port: 0 }],
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cells-overview-'));
    const kc = new KubeConfig();
    kc.loadFromString(sim.cell('ov-1').kubeconfig);
    core = kc.makeApiClient(CoreV1Api);
  });

  afterAll(async () => {
    await sim?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let server: Server;
    const app = `ov-${databaseId.startsWith('POSTGRES') ? 'pg' : 'sq'}`;
    const as = (who: string) => mockCredentials.user.header(who);
    const overview = (who: string) =>
      request(server)
        .get(`/api/cells/apps/${app}/overview`)
        .set('Authorization', as(who));
    const podNames = (body: any): string[] =>
      body.cells[0].pods.map((p: { name: string }) => p.name).sort();

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      const kubeconfigFile = sim
        .cell('ov-1')
        .writeKubeconfig(path.join(dir, `${app}.kubeconfig`));
      ({ server } = await startCellsTestBackend({
        knex,
        cells: {
          viewAccessCacheSeconds: ACCESS_CACHE_SECONDS,
          regions: [
            {
              name: 'ov',
              cells: [{ name: 'ov-1', kubeconfigFile, simulated: true }],
            },
          ],
        },
      }));
      const created = await request(server)
        .post('/api/cells/apps')
        .set('Authorization', as(ALICE))
        .send({ name: app, cells: ['ov-1'] });
      if (created.status !== 201) throw new Error(`create: ${created.text}`);
      const version = await request(server)
        .post(`/api/cells/apps/${app}/versions`)
        .set('Authorization', as(ALICE))
        .send({ name: 'v1', spec });
      if (version.status !== 201) throw new Error(`version: ${version.text}`);
      await eventually('two Ready pods in the overview', async () => {
        const res = await overview(ALICE);
        const pods = res.body.cells?.[0]?.pods ?? [];
        return (
          pods.length === 2 && pods.every((p: { ready: boolean }) => p.ready)
        );
      });
    });

    it('answers with an ETag, 304 to a client that has it, gzip or plain JSON', async () => {
      const first = await overview(ALICE).set('Accept-Encoding', 'gzip');
      expect(first.status).toBe(200);
      expect(first.headers['content-encoding']).toBe('gzip');
      expect(first.headers['cache-control']).toBe('private, no-cache');
      const etag = first.headers.etag;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const plain = await overview(ALICE).set('Accept-Encoding', 'identity');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.etag).toBe(etag);
      expect(plain.body).toEqual(first.body);

      const again = await overview(ALICE).set('If-None-Match', etag);
      expect(again.status).toBe(304);
      expect(again.text ?? '').toBe('');
      expect(again.headers.etag).toBe(etag);
      // a weak or listed tag matches as well, another does not
      expect(
        (await overview(ALICE).set('If-None-Match', `"x", W/${etag}`)).status,
      ).toBe(304);
      expect((await overview(ALICE).set('If-None-Match', '"x"')).status).toBe(
        200,
      );
      // a stranger learns nothing, ETag or not
      const stranger = await overview(BOB).set('If-None-Match', etag);
      expect(stranger.status).toBe(404);
      expect(stranger.headers.etag).not.toBe(etag);
    });

    it('shows a pod change on the next view once the cell told the portal', async () => {
      const before = await overview(ALICE);
      const [gone] = podNames(before.body);
      await core.deleteNamespacedPod({
        name: gone,
        namespace: app,
        gracePeriodSeconds: 0,
      });
      // the client polls as a browser does, with the ETag it has; 304 until the state changes
      const changed = await eventually(
        'the overview without the deleted pod',
        async () => {
          const res = await overview(ALICE).set(
            'If-None-Match',
            before.headers.etag,
          );
          if (res.status === 304) return false;
          expect(res.status).toBe(200);
          return !podNames(res.body).includes(gone) && res;
        },
      );
      expect(changed.headers.etag).not.toBe(before.headers.etag);
      // the ReplicaSet replaces it
      await eventually('two Ready pods again', async () => {
        const res = await overview(ALICE);
        return (
          res.body.cells[0].pods.filter((p: { ready: boolean }) => p.ready)
            .length === 2
        );
      });
    });

    it(`answers 404 to a member who lost access within ${ACCESS_CACHE_SECONDS} s`, async () => {
      const added = await request(server)
        .post(`/api/cells/apps/${app}/members`)
        .set('Authorization', as(ALICE))
        .send({ member: BOB, role: 'reporter' });
      expect(added.status).toBe(201);
      // a grant shows at once (refusals are never kept)
      expect((await overview(BOB)).status).toBe(200);
      const removed = await request(server)
        .delete(`/api/cells/apps/${app}/members/${encodeURIComponent(BOB)}`)
        .set('Authorization', as(ALICE));
      expect(removed.status).toBe(204);
      const removedAt = Date.now();
      // Bob's last allowed view was before the removal: past the bound, every view is refused
      await new Promise(r =>
        setTimeout(r, removedAt + ACCESS_CACHE_SECONDS * 1000 - Date.now()),
      );
      const refused = await overview(BOB);
      expect(refused.status).toBe(404);
      expect(refused.body.error.message).toBe(`App '${app}' not found`);
      expect((await overview(ALICE)).status).toBe(200);
    });
  });
});

import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { startSimulator, Simulator } from '@cellport/cell-sim';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { cellsPlugin } from './plugin';
import { eventually } from '@cellport/test-utils';

jest.setTimeout(120_000);

describe('cells backend against simulated cells', () => {
  let sim: Simulator;
  let dir: string;

  beforeAll(async () => {
    sim = await startSimulator({
      cells: [
        { name: 'dev-1', region: 'dev', port: 0 },
        { name: 'dev-2', region: 'dev', port: 0 },
      ],
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cells-backend-'));
  });

  afterAll(async () => {
    await sim?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists regions and cells with reachability, version and capacity; one outage stays local', async () => {
    const cells = sim.cells.map(c => ({
      name: c.name,
      kubeconfigFile: c.writeKubeconfig(path.join(dir, `${c.name}.kubeconfig`)),
      simulated: true,
    }));
    const { server } = await startTestBackend({
      features: [
        cellsPlugin,
        // the real scheduler, so that the periodic health check runs
        schedulerServiceFactory,
        // cluster details for the admin only
        mockServices.permissions.mock({
          authorize: async (requests, { credentials }) =>
            requests.map(r => ({
              result:
                r.permission.name !== 'cells.clusters.read' ||
                (credentials.principal as any).userEntityRef === 'user:default/admin'
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            })),
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            cellport: {
              cells: {
                checkIntervalSeconds: 1,
                checkTimeoutSeconds: 3,
                regions: [{ name: 'dev', cells }],
              },
            },
          },
        }),
      ],
    });
    const auth = mockCredentials.user.header('user:default/admin');
    const regions = () =>
      request(server).get('/api/cells/regions').set('Authorization', auth);

    const body = await eventually('both cells reachable in the regions', async () => {
      const res = await regions();
      const all = res.body.items?.[0]?.cells ?? [];
      return all.length === 2 && all.every((c: any) => c.status.reachable)
        ? res.body
        : undefined;
    });
    expect(body.items).toHaveLength(1);
    expect(body.items[0].name).toBe('dev');
    for (const cell of body.items[0].cells) {
      expect(cell.simulated).toBe(true);
      expect(cell.apiUrl).toMatch(/^https?:\/\/127\.0\.0\.1:\d+/);
      expect(cell.status.version).toMatch(/^v1\.\d+/);
      expect(cell.status.capacity.cpuMillis).toBeGreaterThan(0);
      expect(cell.status.capacity.pods).toBeGreaterThan(0);
    }

    await sim.setReachable('dev-2', false);
    const after = await eventually('dev-2 unreachable in the regions', async () => {
      const res = await regions();
      const dev2 = res.body.items[0].cells.find((c: any) => c.name === 'dev-2');
      return dev2.status.reachable ? undefined : res.body.items[0].cells;
    });
    const [dev1, dev2] = after;
    expect(dev1.status.reachable).toBe(true);
    expect(dev2.status.error).toBeTruthy();

    // without cells.clusters.read: names, region, reachability and capacity, no URL, version or error
    const user = mockCredentials.user.header('user:default/alice');
    const hidden = (await request(server).get('/api/cells/regions').set('Authorization', user).expect(200)).body.items[0].cells;
    expect(hidden.map((c: any) => [c.name, c.region, c.status.reachable])).toEqual([
      ['dev-1', 'dev', true],
      ['dev-2', 'dev', false],
    ]);
    for (const cell of hidden) {
      expect(cell).not.toHaveProperty('apiUrl');
      expect(cell.status).not.toHaveProperty('error');
      expect(cell.status).not.toHaveProperty('version');
    }
    expect(hidden[0].status.capacity.cpuMillis).toBeGreaterThan(0);
    const one = (await request(server).get('/api/cells/cells/dev-2').set('Authorization', user).expect(200)).body;
    expect(one).toEqual({ name: 'dev-2', region: 'dev', simulated: true, status: expect.not.objectContaining({ error: expect.anything() }) });
    expect(JSON.stringify(one)).not.toMatch(/127\.0\.0\.1/);

    await sim.setReachable('dev-2', true);
    await eventually('dev-2 reachable again', async () => {
      const res = await request(server)
        .get('/api/cells/cells/dev-2')
        .set('Authorization', auth);
      return res.body.status?.reachable ? true : undefined;
    });
  });

  it('refuses to start when permission.enabled is false (every app would be open)', async () => {
    await expect(
      startTestBackend({
        features: [
          cellsPlugin,
          mockServices.rootConfig.factory({
            data: { permission: { enabled: false }, cellport: { cells: { regions: [] } } },
          }),
        ],
      }),
    ).rejects.toThrow(/The cells plugin needs the permission framework/);
  });

  it('answers 404 for an unknown cell and 401 without credentials', async () => {
    const { server } = await startTestBackend({
      features: [
        cellsPlugin,
        mockServices.rootConfig.factory({
          data: { cellport: { cells: { regions: [] } } },
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    const res = await request(server)
      .get('/api/cells/cells/nope')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe("no cell named 'nope'");
    await request(server).get('/api/cells/regions').expect(401);
  });
});

import { mockServices } from '@backstage/backend-test-utils';
import { startSimulator, Simulator } from '@cellport/cell-sim';
import { CellConfig } from '@cellport/plugin-cells-node';
import { versionSpecSchema } from '@cellport/plugin-cells-common';
import diagnostics from 'node:diagnostics_channel';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { CellUnreachableError } from './errors';
import { KubeCellViews } from './KubeCellViews';
import { KubeCellWorkloads } from './KubeCellWorkloads';
import { eventually } from '@cellport/test-utils';

jest.setTimeout(120_000);

const spec = versionSpecSchema.parse({
  image: 'example/views:1.0.0',
  replicas: {},
  healthCheck: { path: '/healthz', periodSeconds: 1 },
  resources: {
    requests: { cpu: '10m', memory: '16Mi' },
    limits: { cpu: '100m', memory: '64Mi' },
  },
});

/**
 * Counts the HTTP requests this process sends to `origin` (client-node uses undici), watch
 * requests left out: a quiet watch reconnects now and then on its own.
 */
function countRequests(origin: string) {
  const counter = { n: 0, paths: [] as string[] };
  const onCreate = (message: unknown) => {
    const { request } = message as {
      request: { origin: string; path: string };
    };
    if (
      String(request.origin).replace(/\/$/, '') === origin &&
      !request.path.includes('watch=true')
    ) {
      counter.n++;
      counter.paths.push(request.path);
    }
  };
  diagnostics.subscribe('undici:request:create', onCreate);
  return {
    counter,
    stop: () => diagnostics.unsubscribe('undici:request:create', onCreate),
  };
}

describe('KubeCellViews against simulated cells', () => {
  let sim: Simulator;
  let proxy: http.Server;
  let cells: CellConfig[];
  const logger = mockServices.logger.mock();

  beforeAll(async () => {
    sim = await startSimulator({
      cells: [
        { name: 'cv-1', region: 'dev', port: 0 },
        { name: 'cv-2', region: 'dev', port: 0, tls: false },
      ],
    });
    // cv-2 behind a proxy that refuses listing across namespaces, as a namespaced RBAC role does
    const target = new URL(sim.cell('cv-2').url);
    proxy = http.createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (
        /^\/(api\/v1\/pods|apis\/apps\/v1\/deployments|apis\/autoscaling\/v2\/horizontalpodautoscalers)$/.test(
          path,
        )
      ) {
        res.writeHead(403, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            reason: 'Forbidden',
            code: 403,
            message: `pods is forbidden: User "cellport" cannot list resource "pods" in API group "" at the cluster scope`,
          }),
        );
        return;
      }
      const upstream = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        up => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>(r => proxy.listen(0, '127.0.0.1', () => r()));
    cells = [
      {
        name: 'cv-1',
        region: 'dev',
        apiUrl: sim.cell('cv-1').url,
        token: sim.cell('cv-1').token,
        skipTLSVerify: true,
        simulated: true,
      },
      {
        name: 'cv-2',
        region: 'dev',
        apiUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
        token: sim.cell('cv-2').token,
        // client-node refuses plain HTTP unless TLS verification is off
        skipTLSVerify: true,
        simulated: true,
      },
      {
        name: 'cv-gone',
        region: 'dev',
        apiUrl: 'https://127.0.0.1:1',
        token: 'x',
        skipTLSVerify: true,
        simulated: false,
      },
    ];
  });

  afterAll(async () => {
    proxy?.close();
    await sim?.stop();
  });

  const create = () => {
    const workloads = KubeCellWorkloads.create({
      supplier: { getCells: async () => cells },
      logger,
      requestTimeoutMs: 3_000,
    });
    const views = KubeCellViews.create({
      workloads,
      logger,
      initialSyncTimeoutMs: 2_000,
      minBackoffMs: 100,
      maxBackoffMs: 500,
    });
    return { workloads, views };
  };

  it('answers views from its watches: no Kubernetes call per view, changes followed', async () => {
    const { workloads, views } = create();
    try {
      await workloads.ensureApp('cv-1', { name: 'seen' });
      await workloads.applyVersion('cv-1', 'seen', { name: 'v1', spec }, 2);
      await eventually('two Ready pods in the view', async () => {
        const v = await views.viewApp('cv-1', 'seen');
        return v.pods.length === 2 && v.pods.every(p => p.ready) && v;
      });
      const origin = sim.cell('cv-1').url.replace(/\/$/, '');
      const { counter, stop } = countRequests(origin);
      const calls = views.calls()['cv-1'];
      let view;
      try {
        for (let i = 0; i < 50; i++) view = await views.viewApp('cv-1', 'seen');
      } finally {
        stop();
      }
      expect(counter.n).toBe(0);
      expect(views.calls()['cv-1'].list).toBe(calls.list);
      expect(view!.versions).toEqual([
        expect.objectContaining({ version: 'v1', desired: 2, ready: 2 }),
      ]);
      expect(view!.staleSince).toBeUndefined();

      // a scale-up shows without asking the cell on the view
      await workloads.scaleVersion('cv-1', 'seen', 'v1', 3);
      await eventually('three Ready pods', async () => {
        const v = await views.viewApp('cv-1', 'seen');
        return v.pods.filter(p => p.ready).length === 3 && v;
      });
      // another app of the cell is not mixed in
      expect((await views.viewApp('cv-1', 'other')).pods).toEqual([]);
    } finally {
      views.stop();
    }
  });

  it('shows a cell that became unreachable as stale since then, and relists after a 410 when it is back', async () => {
    const { workloads, views } = create();
    try {
      // the simulator's resource types as its store reports them, to change the cell in
      // process while its API is unreachable
      const cell = sim.cell('cv-1').cell;
      const types = new Map<string, any>();
      const unsubscribe = cell.store.subscribe(e =>
        types.set(e.object.kind ?? '', e.rt),
      );
      await workloads.ensureApp('cv-1', { name: 'flap' });
      await workloads.applyVersion('cv-1', 'flap', { name: 'v1', spec }, 1);
      await eventually('the pod Ready', async () => {
        const v = await views.viewApp('cv-1', 'flap');
        return v.pods.length === 1 && v.pods[0].ready && v;
      });
      const listsBefore = views.calls()['cv-1'].list;
      const before = Date.now();
      await sim.setReachable('cv-1', false);
      const stale = await eventually('the view stale', async () => {
        const v = await views.viewApp('cv-1', 'flap');
        return v.staleSince !== undefined && v;
      });
      expect(Date.parse(stale.staleSince!)).toBeGreaterThanOrEqual(before - 1000);
      expect(stale.staleReason).toMatch(/cv-1/);
      // what the cell had when it went away
      expect(stale.pods).toHaveLength(1);
      expect(stale.versions.map(v => v.version)).toEqual(['v1']);

      // while unreachable, the version goes and the cell forgets its history: the watches'
      // resourceVersion is too old when they come back (410 Gone) and they list again
      unsubscribe();
      cell.api.delete(types.get('Deployment'), 'flap', 'flap-v1', {
        propagationPolicy: 'Foreground',
      });
      await eventually('the pod gone in the cell', async () =>
        cell.store.list(types.get('Pod'), 'flap').length === 0,
      );
      cell.store.compact();
      await sim.setReachable('cv-1', true);
      const back = await eventually('the view current again', async () => {
        const v = await views.viewApp('cv-1', 'flap');
        return v.staleSince === undefined && v.pods.length === 0 && v;
      });
      expect(back.versions).toEqual([]);
      expect(views.calls()['cv-1'].list).toBeGreaterThan(listsBefore);
    } finally {
      await sim.setReachable('cv-1', true);
      views.stop();
    }
  });

  it('reads the namespace live when the cell refuses watching across namespaces', async () => {
    const { workloads, views } = create();
    try {
      await workloads.ensureApp('cv-2', { name: 'denied' });
      await workloads.applyVersion('cv-2', 'denied', { name: 'v1', spec }, 1);
      const v = await eventually('the pod in the live view', async () => {
        const view = await views.viewApp('cv-2', 'denied');
        return view.pods.length === 1 && view;
      });
      expect(v.versions.map(x => x.version)).toEqual(['v1']);
      expect(v.staleSince).toBeUndefined();
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(/refuses listing and watching/),
        expect.objectContaining({ cell: 'cv-2' }),
      );
    } finally {
      views.stop();
    }
  });

  it('rejects a cell that never answered as unreachable, and an unknown cell as not found', async () => {
    const { views } = create();
    try {
      await expect(views.viewApp('cv-gone', 'x')).rejects.toBeInstanceOf(
        CellUnreachableError,
      );
      await expect(views.viewApp('cv-none', 'x')).rejects.toThrow(
        /no cell named 'cv-none'/,
      );
    } finally {
      views.stop();
    }
  });
});

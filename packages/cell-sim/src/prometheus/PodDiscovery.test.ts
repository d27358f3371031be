import * as k8s from '@kubernetes/client-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator, Simulator } from '../simulator';
import { HttpSdTargetGroup } from './podTargets';
import { PodDiscoveryServer, startPodDiscoveryServer } from './PodDiscovery';

jest.setTimeout(120_000);

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}: ${String((last as Error)?.message ?? last ?? '')}`);
}

const deployment = (name: string, replicas: number): k8s.V1Deployment => ({
  metadata: { name, labels: { 'cellport.io/app': 'shop', 'cellport.io/version': name } },
  spec: {
    replicas,
    selector: { matchLabels: { 'cellport.io/app': 'shop', 'cellport.io/version': name } },
    template: {
      metadata: { labels: { 'cellport.io/app': 'shop', 'cellport.io/version': name } },
      spec: { containers: [{ name: 'web', image: `shop:${name}`, ports: [{ name: 'http', containerPort: 8080 }] }] },
    },
  },
});

describe('PodDiscovery', () => {
  let sim: Simulator;
  let server: PodDiscoveryServer;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cell-sim-sd-'));
    sim = await startSimulator({ cells: [{ name: 'sd-plain' }, { name: 'sd-tls', tls: true }], stateDir, adminPort: 0 });
    server = await startPodDiscoveryServer({
      cells: [
        ...sim.cells.map(c => ({ name: c.name, server: c.url, token: c.token, caCert: c.caCert })),
        { name: 'sd-down', server: 'http://127.0.0.1:1', token: 'x' },
      ],
      syncTimeoutMs: 2000,
    });
  });

  afterAll(async () => {
    await server?.stop();
    await sim?.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  const targets = async (url: string): Promise<HttpSdTargetGroup[]> => {
    const res = await fetch(url);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    expect(res.headers.get('content-type')).toBe('application/json');
    return res.json();
  };

  it.each(['sd-plain', 'sd-tls'])('follows the pods of cell %s through its API (list, then watch)', async cellName => {
    const kc = new k8s.KubeConfig();
    kc.loadFromString(sim.cell(cellName).kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    expect(await targets(server.urlFor(cellName))).toEqual([]);
    await core.createNamespace({ body: { metadata: { name: 'shop' } } });
    await apps.createNamespacedDeployment({ namespace: 'shop', body: deployment('v1', 2) });
    const groups = await waitFor('two targets', async () => {
      const t = await targets(server.urlFor(cellName));
      return t.length === 2 ? t : undefined;
    });
    const pods = (await core.listNamespacedPod({ namespace: 'shop' })).items;
    expect(groups.map(g => g.targets[0]).sort()).toEqual(pods.map(p => `${p.status!.podIP}:8080`).sort());
    expect(groups[0].labels).toMatchObject({
      __meta_kubernetes_namespace: 'shop',
      __meta_kubernetes_pod_label_cellport_io_app: 'shop',
      __meta_kubernetes_pod_label_cellport_io_version: 'v1',
      __meta_kubernetes_pod_container_port_name: 'http',
    });
    await apps.patchNamespacedDeploymentScale(
      { namespace: 'shop', name: 'v1', body: { spec: { replicas: 1 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await waitFor('one target', async () => ((await targets(server.urlFor(cellName))).length === 1 ? true : undefined));
  });

  it('answers 503 for a cell never listed and 404 for an unknown cell', async () => {
    const down = await fetch(server.urlFor('sd-down'));
    expect(down.status).toBe(503);
    expect((await down.json()).error).toMatch(/sd-down: pods not listed yet/);
    expect((await fetch(server.urlFor('nope'))).status).toBe(404);
  });

  it('is also served by the simulator admin server, named in cells.json', async () => {
    const cells = JSON.parse(fs.readFileSync(path.join(stateDir, 'cells.json'), 'utf8')).cells;
    const url = cells.find((c: any) => c.name === 'sd-plain').prometheusSdUrl;
    expect(url).toBe(`${sim.adminUrl}/_sim/prometheus/sd/sd-plain`);
    const t = await waitFor('admin targets', async () => {
      const g = await targets(url);
      return g.length ? g : undefined;
    });
    expect(t[0].labels.__meta_kubernetes_pod_label_cellport_io_version).toBe('v1');
  });
});

import * as k8s from '@kubernetes/client-node';
import { startSimulator, Simulator } from '@cellport/cell-sim';
import { kubeConfigForCell } from '@cellport/plugin-cells-node';
import { EndpointWatch } from './EndpointWatch';

jest.setTimeout(120_000);

const APP = 'shop';

async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

describe('EndpointWatch on a simulated cell', () => {
  let sim: Simulator;
  let kc: k8s.KubeConfig;

  beforeAll(async () => {
    sim = await startSimulator({ cells: [{ name: 'c1', region: 'dev', port: 0 }] });
    const cell = sim.cell('c1');
    kc = kubeConfigForCell({
      name: 'c1',
      region: 'dev',
      apiUrl: cell.url,
      token: cell.token,
      caData: cell.caCert,
      skipTLSVerify: false,
    } as any);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const labels = { 'cellport.io/app': APP, 'cellport.io/version': 'v1' };
    await core.createNamespace({ body: { metadata: { name: APP } } });
    await core.createNamespacedService({
      namespace: APP,
      body: {
        metadata: { name: APP },
        spec: { selector: { 'cellport.io/app': APP }, ports: [{ name: 'http', port: 80, targetPort: 'http' as any }] },
      },
    });
    await apps.createNamespacedDeployment({
      namespace: APP,
      body: {
        metadata: { name: `${APP}-v1` },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                {
                  name: 'web',
                  image: 'shop:v1',
                  ports: [{ name: 'http', containerPort: 8080 }],
                  readinessProbe: { httpGet: { path: '/healthz', port: 'http' as any }, periodSeconds: 1 },
                },
              ],
            },
          },
        },
      },
    });
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('never reports a cell as listed before its list arrived (no empty upstream at a discovery start)', async () => {
    // the pods are Ready before the watch starts, as when a backend restarts or a replica takes the lead
    const first = new EndpointWatch(kc, 'c1', APP, () => undefined);
    first.start();
    await waitFor('two ready servers', () => (first.servers()?.length === 2 ? true : undefined));
    first.stop();

    const seen: Array<number | undefined> = [];
    const watch = new EndpointWatch(kc, 'c1', APP, () => seen.push(watch.servers()?.length));
    watch.start();
    try {
      const servers = await waitFor('the servers', () => (watch.servers()?.length === 2 ? watch.servers() : undefined));
      expect(servers.map(s => s.version)).toEqual(['v1', 'v1']);
      expect(servers.every(s => s.cell === 'c1' && s.weight === 1 && s.address.endsWith(':8080'))).toBe(true);
      // every change the discovery heard of: not listed yet (undefined) or the cell's servers, never none
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.filter(n => n === 0)).toEqual([]);
    } finally {
      watch.stop();
    }
  });
});

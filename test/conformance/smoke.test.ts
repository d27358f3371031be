import * as k8s from '@kubernetes/client-node';
import { startSimulator } from '@cellport/cell-sim';

jest.setTimeout(60_000);

it('lists namespaces', async () => {
  const sim = await startSimulator({ cells: [{ name: 'smoke' }] });
  try {
    const kc = new k8s.KubeConfig();
    kc.loadFromString(sim.kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const list = await core.listNamespace();
    expect(list.items.map(n => n.metadata?.name)).toContain('default');
  } finally {
    await sim.stop();
  }
});

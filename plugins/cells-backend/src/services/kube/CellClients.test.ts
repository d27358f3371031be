import { KubeConfig } from '@kubernetes/client-node';
import { shareConnectionPool } from '../kubeConfigForCell';
import { CellClients } from './CellClients';

type WithDispatcher = {
  createDispatcher(cluster: unknown, agentOptions: unknown): unknown;
};

const tlsCell = {
  name: 'tls-1',
  region: 'r',
  apiUrl: 'https://127.0.0.1:6443',
  token: 't',
  skipTLSVerify: true,
  simulated: false,
};

describe('CellClients connection pool', () => {
  it('a KubeConfig of a TLS cluster hands every request the same pool', () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: tlsCell.apiUrl, skipTLSVerify: true }],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const raw = kc as unknown as WithDispatcher;
    const cluster = kc.getCurrentCluster();
    // without sharing, client-node builds a new pool per request (the leak this guards against)
    expect(
      raw.createDispatcher(cluster, { rejectUnauthorized: false }),
    ).not.toBe(raw.createDispatcher(cluster, { rejectUnauthorized: false }));
    shareConnectionPool(kc);
    const first = raw.createDispatcher(cluster, { rejectUnauthorized: false });
    expect(first).toBeDefined();
    expect(raw.createDispatcher(cluster, { rejectUnauthorized: false })).toBe(
      first,
    );
  });

  it('cached and short-timeout clients of a cell share one pool', async () => {
    const clients = new CellClients({ getCells: async () => [tlsCell] }, 1000);
    const a = await clients.get('tls-1');
    const b = await clients.withTimeout('tls-1', 200);
    expect(b.kc).toBe(a.kc);
    const raw = a.kc as unknown as WithDispatcher;
    const cluster = a.kc.getCurrentCluster();
    expect(raw.createDispatcher(cluster, {})).toBe(
      raw.createDispatcher(cluster, {}),
    );
  });
});

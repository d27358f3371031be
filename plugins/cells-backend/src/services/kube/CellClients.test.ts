import { KubeConfig, RequestContext } from '@kubernetes/client-node';
import { PooledKubeAuthentication } from '@cellport/plugin-cells-node';
import { CellClients } from './CellClients';

const tlsCell = {
  name: 'tls-1',
  region: 'r',
  apiUrl: 'https://127.0.0.1:6443',
  token: 't',
  skipTLSVerify: true,
  simulated: false,
};

/** The dispatcher (connection pool) a request through `auth` gets, as the public API shows it. */
async function dispatcherOf(auth: { applySecurityAuthentication(c: RequestContext): Promise<void> }) {
  const context = new RequestContext(`${tlsCell.apiUrl}/version`, 'GET' as any);
  await auth.applySecurityAuthentication(context);
  return { dispatcher: context.getDispatcher(), context };
}

describe('CellClients connection pool', () => {
  it('a KubeConfig of a TLS cluster hands every request the same pool, through the public API only', async () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: tlsCell.apiUrl, skipTLSVerify: true }],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    // without the wrapper, client-node builds a new pool per request (the leak this guards against)
    const [a, b] = [await dispatcherOf(kc), await dispatcherOf(kc)];
    expect(a.dispatcher).toBeDefined();
    expect(a.dispatcher).not.toBe(b.dispatcher);
    const pooled = new PooledKubeAuthentication(kc);
    const first = await dispatcherOf(pooled);
    const second = await dispatcherOf(pooled);
    expect(first.dispatcher).toBeDefined();
    expect(second.dispatcher).toBe(first.dispatcher);
    // the kubeconfig's credentials still go on every request
    expect(second.context.getHeaders().Authorization).toBe('Bearer t');
    // nothing of client-node's private API is patched
    expect(Object.prototype.hasOwnProperty.call(kc, 'createDispatcher')).toBe(false);
  });

  it('cached and short-timeout clients of a cell share one pool', async () => {
    const clients = new CellClients({ getCells: async () => [tlsCell] }, 1000);
    const a = await clients.get('tls-1');
    const b = await clients.withTimeout('tls-1', 200);
    expect(b.auth).toBe(a.auth);
    expect((await dispatcherOf(b.auth)).dispatcher).toBe(
      (await dispatcherOf(a.auth)).dispatcher,
    );
  });
});

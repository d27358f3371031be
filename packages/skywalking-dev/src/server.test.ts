import { encodeSw8, decodeSw8 } from './segments';
import { startSkyWalkingDevServer, SkyWalkingDevServer } from './server';

const now = Date.now();
const minute = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
};
const duration = { start: minute(now - 600_000), end: minute(now + 60_000), step: 'MINUTE' };

const caller = {
  traceId: 't1',
  traceSegmentId: 's1',
  service: 'front',
  serviceInstance: 'front-1',
  spans: [
    { spanId: 1, parentSpanId: 0, startTime: now, endTime: now + 30, operationName: '/pay', spanType: 'Exit', peer: '10.0.0.2:8080', spanLayer: 'Http', isError: false },
    { spanId: 0, parentSpanId: -1, startTime: now, endTime: now + 40, operationName: '/', spanType: 'Entry', spanLayer: 'Http', isError: false },
  ],
};
const callee = {
  traceId: 't1',
  traceSegmentId: 's2',
  service: 'pay',
  serviceInstance: 'pay-1',
  spans: [
    {
      spanId: 0, parentSpanId: -1, startTime: now + 5, endTime: now + 25, operationName: '/pay', spanType: 'Entry', spanLayer: 'Http', isError: true,
      refs: [{ refType: 'CrossProcess', traceId: 't1', parentTraceSegmentId: 's1', parentSpanId: 1, parentService: 'front', parentServiceInstance: 'front-1', parentEndpoint: '/', networkAddressUsedAtPeer: '10.0.0.2:8080' }],
    },
  ],
};

describe('SkyWalking development server', () => {
  let server: SkyWalkingDevServer;
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const gql = async (query: string, variables: object = {}) => (await (await post('/graphql', { query, variables })).json()) as any;

  beforeAll(async () => {
    server = await startSkyWalkingDevServer();
  });
  afterAll(() => server.stop());

  it('refuses malformed segments with the reason and keeps nothing of the batch', async () => {
    const res = await post('/v3/segments', [caller, { ...callee, spans: [{ ...callee.spans[0], spanType: 'Sideways' }] }]);
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error).toBe('segment 1, span 0: spanType must be Entry, Exit or Local');
    expect(server.store.segments).toHaveLength(0);
  });

  it('answers topology, traces and MQE from the segments it received', async () => {
    expect((await post('/v3/segments', [caller])).status).toBe(200);
    expect((await post('/v3/segment', callee)).status).toBe(200);
    const topo = await gql(
      'query($d: Duration!) { getGlobalTopology(duration: $d) { nodes { name } calls { source target detectPoints } } }',
      { d: duration },
    );
    expect(topo.data.getGlobalTopology.nodes.map((n: any) => n.name)).toEqual(['front', 'pay']);
    expect(topo.data.getGlobalTopology.calls).toEqual([
      { source: 'ZnJvbnQ=.1', target: 'cGF5.1', detectPoints: ['SERVER'] },
    ]);
    const trace = await gql('{ queryTrace(traceId: "t1") { spans { serviceCode type refs { parentSegmentId type } } } }');
    expect(trace.data.queryTrace.spans).toHaveLength(3);
    const sla = await gql(
      'query($d: Duration!) { execExpression(expression: "avg(endpoint_sla)", entity: {scope: Endpoint, serviceName: "pay", endpointName: "/pay"}, duration: $d) { type results { values { value } } } }',
      { d: duration },
    );
    expect(sla.data.execExpression).toEqual({ type: 'SINGLE_VALUE', results: [{ values: [{ value: '0' }] }] });
    const unknown = await gql(
      'query($d: Duration!) { execExpression(expression: "rate(x)", entity: {scope: Service, serviceName: "pay"}, duration: $d) { type error } }',
      { d: duration },
    );
    expect(unknown.data.execExpression).toEqual({ type: 'UNKNOWN', error: 'unsupported expression: rate(x)' });
  });

  it('validates queries against the protocol schema', async () => {
    const res = await gql('{ queryTrace(id: "t1") { spans { serviceCode } } }');
    expect(res.errors[0].message).toMatch(/Unknown argument "id"/);
  });

  it('encodes and decodes the sw8 header', () => {
    const header = encodeSw8({ traceId: 't1', segmentId: 's1', spanId: 1, service: 'front', instance: 'front-1', endpoint: '/', peer: '10.0.0.2:8080' });
    expect(decodeSw8(header)).toEqual(callee.spans[0].refs![0]);
    expect(decodeSw8('garbage')).toBeUndefined();
  });
});

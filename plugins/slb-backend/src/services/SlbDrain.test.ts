import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ConfigCellSupplier } from '@cellport/plugin-cells-node';
import { slbKeys, SlbUpstream } from '@cellport/plugin-slb-common';
import { eventually, freePort, hasCommand } from '@cellport/test-utils';
import { Etcd3 } from 'etcd3';
import { ConfigGroupSupplier } from './ConfigGroupSupplier';
import { SlbDrain } from './SlbDrain';
import { SlbEtcd } from './SlbEtcd';

/*
 * Drain before delete against a REAL etcd: the drain waits for the group's agents to report the
 * revision at which the leaving pods are out of the upstream, and no longer than that. An agent
 * reports only configuration writes (domains, upstreams), so a drain of pods that never were in
 * the upstream (a version whose pods never got Ready, rolled back) must not wait for etcd's
 * current revision: it did until the drain timed out when nothing else in the group changed.
 */
const describeEtcd = hasCommand('etcd') || process.env.CI ? describe : describe.skip;

describeEtcd('SlbDrain (real etcd)', () => {
  let etcd: ChildProcess;
  let dir: string;
  let endpoint: string;
  let client: Etcd3;
  let slbEtcd: SlbEtcd;
  let drain: SlbDrain;
  const group = 'g1';
  const upstreamKey = slbKeys.upstream(group, 'shop', 8080);

  const upstream = (addresses: string[]): SlbUpstream => ({
    app: 'shop',
    port: 8080,
    servers: addresses.map(a => ({ address: `${a}:8080`, cell: 'c1', version: 'v1', weight: 1 })),
    cells: {},
    updatedAt: new Date().toISOString(),
  });

  /** The agent reports `revision` as the one it applied. */
  const agentAt = (revision: number) =>
    client.put(slbKeys.agent(group, 'lb-1')).value(
      JSON.stringify({
        host: 'lb-1',
        address: '127.0.0.1',
        httpPort: 80,
        revision,
        errors: {},
        reloads: 0,
        startedAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      }),
    );

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slb-drain-'));
    const port = await freePort();
    const peer = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    etcd = spawn(
      'etcd',
      [
        '--name', 'drain', '--data-dir', path.join(dir, 'data'), '--log-level=error', '--logger=zap',
        '--listen-client-urls', endpoint, '--advertise-client-urls', endpoint,
        '--listen-peer-urls', `http://127.0.0.1:${peer}`,
        '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`,
        '--initial-cluster', `drain=http://127.0.0.1:${peer}`,
      ],
      { stdio: 'ignore' },
    );
    await eventually('etcd healthy', async () => (await fetch(`${endpoint}/health`)).ok, 60_000);
    client = new Etcd3({ hosts: endpoint });
    const config = new ConfigReader({
      cellport: {
        cells: { regions: [{ name: 'r1', cells: [{ name: 'c1', apiUrl: 'https://127.0.0.1:1', token: 't' }] }] },
        slb: {
          groups: [{ name: group, region: 'r1', vip: '127.0.0.1', cnameSuffix: 'lb.test', etcd: { endpoints: [endpoint] } }],
        },
      },
    });
    slbEtcd = new SlbEtcd();
    drain = new SlbDrain(
      new ConfigGroupSupplier(config),
      ConfigCellSupplier.fromConfig(config),
      slbEtcd,
      mockServices.logger.mock(),
      1500,
    );
  }, 90_000);

  afterAll(async () => {
    slbEtcd?.close();
    client?.close();
    etcd?.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('waits for the agents to apply the removal', async () => {
    const put = await client.put(upstreamKey).value(JSON.stringify(upstream(['127.1.0.1', '127.1.0.2'])));
    await agentAt(Number(put.header.revision));
    // the agent never reports the removal: the drain says which host lags
    await expect(drain.drain({ cell: 'c1', app: 'shop', podIPs: ['127.1.0.1'] })).rejects.toThrow(
      /host lb-1 is at revision \d+; the removal of 127\.1\.0\.1 is revision \d+/,
    );
    const now = JSON.parse((await client.get(upstreamKey).string())!) as SlbUpstream;
    expect(now.servers.map(s => s.address)).toEqual(['127.1.0.2:8080']);
    // the agent applied it
    const mod = Number((await client.get(upstreamKey).exec()).kvs[0].mod_revision);
    await agentAt(mod);
    // a second drain of the same pod: already out, the agent holds that upstream
    await expect(drain.drain({ cell: 'c1', app: 'shop', podIPs: ['127.1.0.1'] })).resolves.toBeUndefined();
  });

  it('does not wait for pods the upstream does not hold, though etcd moved on', async () => {
    const put = await client.put(upstreamKey).value(JSON.stringify(upstream(['127.1.0.3'])));
    await agentAt(Number(put.header.revision));
    // other writes (draining marks, other groups' keys, the agent's own status) move etcd's revision
    await client.put('/elsewhere/x').value('1');
    await client.put('/elsewhere/y').value('2');
    await expect(drain.drain({ cell: 'c1', app: 'shop', podIPs: ['127.1.0.9'] })).resolves.toBeUndefined();
    // and an app without an upstream has nothing to wait for
    await expect(drain.drain({ cell: 'c1', app: 'other', podIPs: ['127.1.0.9'] })).resolves.toBeUndefined();
  });
});

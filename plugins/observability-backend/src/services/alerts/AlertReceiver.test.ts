import { mockServices } from '@backstage/backend-test-utils';
import { createCellportTestDatabases } from '@cellport/test-utils';
import { AlertStore } from '../../database/AlertStore';
import { applyMigrations } from '../../database/migrations';
import { AlertReceiver } from './AlertReceiver';

jest.setTimeout(60_000);

const databases = createCellportTestDatabases();

const payload = (status: 'firing' | 'resolved') => ({
  version: '4',
  status,
  alerts: [
    {
      status,
      labels: { alertname: 'Cellport_shop_errors', cellport_app: 'shop', cellport_rule: 'r1', cellport_rule_name: 'errors', severity: 'critical' },
      annotations: { summary: 'shop: error ratio 0.5' },
      startsAt: '2026-12-06T10:00:00Z',
      ...(status === 'resolved' ? { endsAt: '2026-12-06T10:05:00Z' } : {}),
      fingerprint: 'abc123',
    },
  ],
});

describe.each(databases.eachSupportedId())('AlertReceiver on %p', databaseId => {
  it('notifies each alert and state once, however many replicas and repeats receive it', async () => {
    const knex = await databases.init(databaseId);
    await applyMigrations(knex);
    const sent: any[] = [];
    const members = { withRoles: jest.fn(async () => ['user:default/alice', 'user:default/carol']) };
    const notifications = { send: jest.fn(async (n: any) => void sent.push(n)) };
    // three replicas sharing one database
    const replicas = [1, 2, 3].map(
      () => new AlertReceiver(new AlertStore(knex), members as any, notifications as any, mockServices.logger.mock()),
    );
    const outcomes = await Promise.all(replicas.flatMap(r => [r.receive(payload('firing')), r.receive(payload('firing'))]));
    expect(outcomes.reduce((n, o) => n + o.notified, 0)).toBe(1);
    expect(outcomes.reduce((n, o) => n + o.duplicates, 0)).toBe(5);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      recipients: { type: 'entity', entityRef: ['user:default/alice', 'user:default/carol'] },
      payload: { title: "shop: alert 'errors' is firing", severity: 'critical', description: 'shop: error ratio 0.5' },
    });
    await replicas[1].receive(payload('resolved'));
    await replicas[2].receive(payload('resolved'));
    expect(sent.map(n => n.payload.title)).toEqual(["shop: alert 'errors' is firing", "shop: alert 'errors' is resolved"]);
    const history = await new AlertStore(knex).listEvents('shop', 10);
    expect(history.map(e => [e.status, Boolean(e.notifiedAt)])).toEqual([
      ['resolved', true],
      ['firing', true],
    ]);
  });

  it('gives the claim back when notifying fails, so a retry notifies', async () => {
    const knex = await databases.init(databaseId);
    await applyMigrations(knex);
    const members = { withRoles: jest.fn(async () => ['user:default/alice']) };
    let fail = true;
    const notifications = {
      send: jest.fn(async () => {
        if (fail) throw new Error('notifications down');
      }),
    };
    const receiver = new AlertReceiver(new AlertStore(knex), members as any, notifications as any, mockServices.logger.mock());
    await expect(receiver.receive(payload('firing'))).rejects.toThrow('notifications down');
    fail = false;
    expect(await receiver.receive(payload('firing'))).toEqual({ notified: 1, duplicates: 0, ignored: 0 });
  });

  it('refuses a body that is not an Alertmanager webhook', async () => {
    const knex = await databases.init(databaseId);
    await applyMigrations(knex);
    const receiver = new AlertReceiver(new AlertStore(knex), {} as any, {} as any, mockServices.logger.mock());
    await expect(receiver.receive({ alerts: 'none' })).rejects.toThrow(/^not an Alertmanager webhook body: /);
  });
});

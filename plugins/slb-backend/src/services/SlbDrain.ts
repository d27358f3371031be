/**
 * Drain before delete: takes pod IPs out of every upstream of the app in every LB group of the
 * cell's region, then waits until every live agent of those groups has applied the removal.
 * The cells plugin calls it (as its TrafficHook) before it scales pods away.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { CellSupplier } from '@cellport/plugin-cells-node';
import { SlbDrainer } from '@cellport/plugin-slb-node';
import { ConfigGroupSupplier, ConfiguredGroup } from './ConfigGroupSupplier';
import { markDraining } from './Draining';
import { SlbEtcd } from './SlbEtcd';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export class SlbDrain implements SlbDrainer {
  constructor(
    private readonly groups: ConfigGroupSupplier,
    private readonly cells: CellSupplier,
    private readonly etcd: SlbEtcd,
    private readonly logger: LoggerService,
    private readonly timeoutMs: number,
  ) {}

  async drain(options: { cell: string; app: string; podIPs: string[] }): Promise<void> {
    const { cell, app, podIPs } = options;
    if (podIPs.length === 0) return;
    const region = (await this.cells.getCells()).find(c => c.name === cell)?.region;
    const groups = this.groups.read().filter(g => g.region === region);
    const leaving = new Set(podIPs);
    await Promise.all(
      groups.map(async group => {
        const client = this.etcd.client(group);
        await markDraining(client, group.name, app, cell, podIPs);
        const upstreams = await this.etcd.listUpstreams(group);
        let removal = 0;
        for (const [id, { upstream }] of upstreams) {
          if (upstream.app !== app) continue;
          const revision = await this.etcd.removeServers(group, id, s =>
            leaving.has(s.address.split(':')[0]),
          );
          removal = Math.max(removal, revision);
        }
        if (removal > 0) await this.waitApplied(group, removal, options);
      }),
    );
  }

  /** Waits until every live agent reports `revision` or later; rejects with who lags. */
  private async waitApplied(
    group: ConfiguredGroup,
    revision: number,
    options: { cell: string; app: string; podIPs: string[] },
  ): Promise<void> {
    const started = Date.now();
    for (;;) {
      const agents = await this.etcd.listAgents(group);
      const behind = agents.filter(a => a.revision < revision);
      if (behind.length === 0) {
        this.logger.info('Pods drained from the LB group', {
          group: group.name,
          app: options.app,
          cell: options.cell,
          podIPs: options.podIPs.join(','),
          revision,
          agents: agents.length,
          ms: Date.now() - started,
        });
        return;
      }
      if (Date.now() - started > this.timeoutMs) {
        throw new Error(
          `LB group '${group.name}': ${behind
            .map(a => `host ${a.host} is at revision ${a.revision}${a.lastError ? ` (${a.lastError})` : ''}`)
            .join(', ')}; the removal of ${options.podIPs.join(', ')} is revision ${revision}; not applied after ${Math.round(this.timeoutMs / 1000)} s`,
        );
      }
      await sleep(50);
    }
  }
}

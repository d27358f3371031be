import { InputError } from '@backstage/errors';
import type { GateQuery, GateSource, GateValue } from '@cellport/plugin-cells-node';
import { LIST_INSTANCES } from './queries';
import { durationOf, serviceIdOf, SkyWalkingClient } from './SkyWalkingClient';

/** The named measurements of the gate: instance metrics of the new version. */
const METRICS = {
  /** Worst (highest) average response time in ms of the version's instances. */
  resp_time: { metric: 'service_instance_resp_time', combine: (v: number[]) => Math.max(...v) },
  /** Worst (lowest) SLA in % of the version's instances. */
  sla: { metric: 'service_instance_sla', combine: (v: number[]) => Math.min(...v) / 100 },
  /** Calls per minute of all the version's instances. */
  cpm: { metric: 'service_instance_cpm', combine: (v: number[]) => v.reduce((a, b) => a + b, 0) },
} as const;

/**
 * A release gate source measuring the new version's SkyWalking instances (their names start with
 * the version's pod name prefix `<app>-<version>-`, as agents name instances after pods): the query
 * is one of `resp_time` (ms, worst instance), `sla` (%, worst instance) or `cpm` (all instances),
 * averaged over the last `windowSeconds`. Nothing else is accepted, so a gate reads only its own app.
 */
export class SkyWalkingGateSource implements GateSource {
  constructor(
    private readonly client: SkyWalkingClient,
    private readonly serviceOf: (app: string) => Promise<string>,
    private readonly windowSeconds = 120,
  ) {}

  checkQuery(query: GateQuery): void {
    if (!(query.query.trim() in METRICS)) {
      throw new InputError(
        `a skywalking gate measures one of ${Object.keys(METRICS).join(', ')}; got '${query.query}'`,
      );
    }
  }

  async evaluate(query: GateQuery): Promise<GateValue> {
    const name = query.query.trim() as keyof typeof METRICS;
    const def = METRICS[name];
    if (!def) return { message: `unknown skywalking gate measurement '${query.query}'` };
    if (!this.client.configured) return { message: 'no SkyWalking OAP is configured' };
    try {
      const service = await this.serviceOf(query.app);
      const duration = durationOf(this.windowSeconds);
      const data = await this.client.query<{ listInstances: Array<{ name: string }> }>(LIST_INSTANCES, {
        serviceId: serviceIdOf(service),
        duration,
      });
      const prefix = `${query.app}-${query.version}-`;
      const instances = data.listInstances.filter(i => i.name.startsWith(prefix));
      if (!instances.length) {
        return { message: `no SkyWalking instance of ${query.app} ${query.version} reported in the last ${this.windowSeconds} s` };
      }
      const values = (
        await Promise.all(
          instances.map(i =>
            this.client.average(def.metric, { scope: 'ServiceInstance', serviceName: service, serviceInstanceName: i.name }, duration),
          ),
        )
      ).filter((v): v is number => v !== undefined);
      if (!values.length) return { message: `the instances of ${query.version} have no ${name} yet` };
      return { value: def.combine(values) };
    } catch (e) {
      return { message: (e as Error).message };
    }
  }
}

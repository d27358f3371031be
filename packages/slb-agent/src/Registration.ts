/**
 * The agent's key `/slb/{group}/agents/{host}` under a lease: present while the agent lives,
 * rewritten with every status change; a lost lease (etcd gone longer than its TTL) is replaced.
 */
import { Etcd3, Lease } from 'etcd3';
import { SlbAgentStatus, slbKeys } from '@cellport/plugin-slb-common';
import { AgentLogger } from './options';

export class Registration {
  private lease?: Lease;
  private latest?: SlbAgentStatus;
  private writing = false;
  private again = false;
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly client: Etcd3,
    private readonly group: string,
    private readonly host: string,
    private readonly ttlSeconds: number,
    private readonly logger: AgentLogger,
  ) {}

  private currentLease(): Lease {
    if (!this.lease) {
      const lease = this.client.lease(this.ttlSeconds);
      lease.on('lost', err => {
        if (this.lease !== lease) return;
        this.logger.warn('registration lease lost; registering again', { error: String(err) });
        this.lease = undefined;
        if (!this.stopped) this.report();
      });
      this.lease = lease;
    }
    return this.lease;
  }

  /** Writes `status` (or the latest one), retrying every second while etcd is away. */
  report(status?: SlbAgentStatus): void {
    if (status) this.latest = status;
    if (!this.latest || this.stopped) return;
    if (this.writing) {
      this.again = true;
      return;
    }
    this.writing = true;
    const value = JSON.stringify(this.latest);
    this.currentLease()
      .put(slbKeys.agent(this.group, this.host))
      .value(value)
      .then(
        () => undefined,
        err => {
          this.logger.warn('could not report status to etcd; retrying', { error: String(err) });
          clearTimeout(this.retryTimer);
          this.retryTimer = setTimeout(() => this.report(), 1000);
        },
      )
      .finally(() => {
        this.writing = false;
        if (this.again) {
          this.again = false;
          this.report();
        }
      });
  }

  /** Revokes the lease: the key goes at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.lease?.revoke().catch(() => undefined);
  }
}

/**
 * Drives evacuations: every interval it claims (or renews) the leases of the active evacuations in
 * the database and runs one step of each it holds, never two at once for one evacuation, so one
 * replica at a time drives an evacuation and another takes over when its leases lapse (a killed
 * backend) or are given up (`stop`). Also runs the unreachable-cell monitor, when configured.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { EvacuationEngine } from './EvacuationEngine';
import { EvacuationStore } from './EvacuationStore';
import { UnreachableCellMonitor } from './UnreachableCellMonitor';

export class EvacuationRunner {
  private timer?: NodeJS.Timeout;
  private stopped = true;
  private cycling?: Promise<void>;
  private readonly running = new Map<string, Promise<void>>();
  private lastMonitor = 0;
  private monitoring?: Promise<void>;

  constructor(
    private readonly deps: {
      store: EvacuationStore;
      engine: EvacuationEngine;
      logger: LoggerService;
      owner: string;
      intervalMs: number;
      leaseMs: number;
      monitor?: UnreachableCellMonitor;
      monitorIntervalMs: number;
    },
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Runs the next cycle now (an evacuation started or is restored). */
  poke(): void {
    if (!this.stopped) this.schedule(0);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.cycling ??= this.cycle().finally(() => {
        this.cycling = undefined;
        if (!this.stopped) this.schedule(this.deps.intervalMs);
      });
    }, ms);
  }

  private async cycle(): Promise<void> {
    const { store, engine, logger, owner, leaseMs, monitor } = this.deps;
    try {
      for (const id of await store.claim(owner, leaseMs)) {
        if (this.running.has(id)) continue;
        const run = (async () => {
          const ev = await store.get(id);
          if (ev) await engine.tick(ev, owner);
        })()
          .catch(e => logger.warn('Evacuation step not run', { evacuation: id, error: String(e) }))
          .finally(() => this.running.delete(id));
        this.running.set(id, run);
      }
    } catch (e) {
      logger.warn('Evacuation runner: leases not claimed', { error: String(e) });
    }
    if (monitor && Date.now() - this.lastMonitor >= this.deps.monitorIntervalMs) {
      this.lastMonitor = Date.now();
      // apart from the cycle: a slow reachability check never delays the lease renewals
      this.monitoring ??= monitor
        .check()
        .catch(e => logger.warn('Unreachable-cell check failed', { error: String(e) }))
        .finally(() => {
          this.monitoring = undefined;
        });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.cycling;
    await this.monitoring;
    await Promise.all(this.running.values());
    await this.deps.store.releaseLeases(this.deps.owner).catch(() => undefined);
  }
}

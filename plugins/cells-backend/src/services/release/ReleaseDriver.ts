import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { ReleaseStore } from '../../database/ReleaseStore';
import { ReleaseEngine } from './ReleaseEngine';

/**
 * Options of {@link ReleaseDriver.create}.
 *
 * @public
 */
export interface ReleaseDriverOptions {
  store: ReleaseStore;
  engine: ReleaseEngine;
  logger: LoggerService;
  /** This backend instance's driver id; default `<host>-<pid>-<random>`. */
  driverId?: string;
  /** The clock (ms since the epoch); injectable for tests. */
  now?: () => number;
  /** Time between two ticks. Default 1000 ms. */
  intervalMs?: number;
  /** How long a claim holds without renewal. Default 15000 ms. */
  leaseMs?: number;
  /** The most live releases one driver holds at once (the others are left to other replicas). Default 50. */
  maxReleases?: number;
}

/**
 * Drives live releases: every interval it renews its leases, claims live releases whose lease
 * expired (an atomic conditional UPDATE, so that of two backend replicas exactly one drives a
 * release) and runs one {@link ReleaseEngine.tick} per held release. A release's next tick never
 * starts before its previous one ended. `stop` gives the leases up so that another replica takes
 * over at once; a killed backend's leases simply expire.
 *
 * @public
 */
export class ReleaseDriver {
  static create(options: ReleaseDriverOptions): ReleaseDriver {
    return new ReleaseDriver(options);
  }

  /** This driver's id, recorded on the events it writes. */
  readonly id: string;
  private readonly store: ReleaseStore;
  private readonly engine: ReleaseEngine;
  private readonly logger: LoggerService;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly leaseMs: number;
  private readonly maxReleases: number;
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private cycleRunning?: Promise<void>;
  private running = false;
  private loop?: () => Promise<void>;

  private constructor(options: ReleaseDriverOptions) {
    this.store = options.store;
    this.engine = options.engine;
    this.logger = options.logger;
    this.id =
      options.driverId ??
      `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.now = options.now ?? Date.now;
    this.intervalMs = options.intervalMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 15_000;
    this.maxReleases = options.maxReleases ?? 50;
  }

  /** Starts ticking every interval. */
  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.logger.info('Release driver started', { driver: this.id });
    const loop = async () => {
      if (!this.running) {
        return;
      }
      this.timer = undefined;
      this.cycleRunning = this.cycle(false);
      await this.cycleRunning;
      this.cycleRunning = undefined;
      if (this.running) {
        this.timer = setTimeout(loop, this.intervalMs);
      }
    };
    this.loop = loop;
    this.timer = setTimeout(loop, 0);
  }

  /**
   * Runs the next cycle now instead of at the end of the interval (a release was started or a
   * Master acted on one), so that nobody waits a tick for it to be picked up. A cycle under way
   * is not interrupted.
   */
  wake(): void {
    if (!this.running || !this.loop || !this.timer) {
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(this.loop, 0);
  }

  /** Stops ticking, waits for the ticks under way and gives the leases up. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.cycleRunning;
    await Promise.allSettled([...this.inFlight.values()]);
    try {
      await this.store.releaseLeases(this.id);
    } catch (error) {
      this.logger.warn('Release driver could not give its leases up', {
        driver: this.id,
        error: String(error),
      });
    }
    this.logger.info('Release driver stopped', { driver: this.id });
  }

  /**
   * One cycle: renew and claim leases, then tick every held release (not already ticking) and
   * wait for those ticks. The loop runs the same cycle without waiting, so that long cell
   * operations never delay the lease renewal.
   */
  async tickOnce(): Promise<void> {
    await this.cycle(true);
  }

  private async cycle(wait: boolean): Promise<void> {
    let ids: string[];
    try {
      ids = await this.store.claim({
        driverId: this.id,
        now: this.now(),
        leaseMs: this.leaseMs,
        max: this.maxReleases,
      });
    } catch (error) {
      this.logger.warn('Release driver could not claim releases', {
        driver: this.id,
        error: String(error),
      });
      return;
    }
    const started: Promise<void>[] = [];
    for (const id of ids) {
      if (this.inFlight.has(id)) {
        continue;
      }
      const tick = this.engine
        .tick(id, this.id)
        .catch(error => {
          this.logger.error('Release tick failed', {
            driver: this.id,
            release: id,
            error:
              error instanceof Error
                ? error.stack ?? error.message
                : String(error),
          });
        })
        .finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, tick);
      started.push(tick);
    }
    if (wait) {
      await Promise.all(started);
    }
  }
}

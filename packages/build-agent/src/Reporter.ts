import { AgentReport, buildsEtcdKeys } from '@cellport/plugin-builds-common';

/**
 * Where reports go: an etcd put in production, an array in unit tests.
 *
 * @public
 */
export type ReportSink = (key: string, value: string) => Promise<void>;

/**
 * Sends one build attempt's reports to the backend through etcd, in order: log lines are
 * batched (at most every `flushMs`), secret values are masked before anything leaves the agent.
 *
 * @public
 */
export class Reporter {
  private seq = 0;
  private pending: Array<{ at: string; text: string }> = [];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private failed: Error | undefined;
  private readonly secrets: string[];

  constructor(
    private readonly sink: ReportSink,
    private readonly keys: ReturnType<typeof buildsEtcdKeys>,
    private readonly buildId: string,
    private readonly attempt: number,
    secrets: string[],
    private readonly flushMs = 200,
  ) {
    this.secrets = secrets.filter(Boolean);
  }

  /** Masks this value too from now on (a token received during the build). */
  addSecret(value: string): void {
    if (value) this.secrets.push(value);
  }

  /** Masks every secret value in a text. */
  mask(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      out = out.split(secret).join('******');
    }
    return out;
  }

  /** Queues a log line (masked). */
  log(text: string): void {
    this.pending.push({ at: new Date().toISOString(), text: this.mask(text) });
    if (this.pending.length >= 500) {
      this.flushLog();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flushLog(), this.flushMs);
    }
  }

  /** Sends a step, commit or result report after the log lines queued before it. */
  report(report: Exclude<AgentReport, { type: 'log' }>): Promise<void> {
    this.flushLog();
    const masked =
      report.type === 'result' && report.reason
        ? { ...report, reason: this.mask(report.reason) }
        : report;
    return this.send(masked);
  }

  /** Resolves once everything queued was sent. */
  async drain(): Promise<void> {
    this.flushLog();
    await this.chain;
    if (this.failed) {
      throw this.failed;
    }
  }

  private flushLog() {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) {
      return;
    }
    const lines = this.pending;
    this.pending = [];
    void this.send({ type: 'log', lines });
  }

  private send(report: AgentReport): Promise<void> {
    const key = this.keys.report(this.buildId, this.attempt, this.seq++);
    const value = JSON.stringify(report);
    this.chain = this.chain.then(async () => {
      // etcd may blip: retry a few times before giving up on this report
      for (let i = 0; ; i++) {
        try {
          await this.sink(key, value);
          return;
        } catch (e) {
          if (i >= 5) {
            this.failed = e as Error;
            return;
          }
          await new Promise(r => setTimeout(r, 200 * (i + 1)));
        }
      }
    });
    return this.chain;
  }
}

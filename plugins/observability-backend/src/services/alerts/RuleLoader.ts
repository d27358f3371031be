import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { AlertRulesStatus } from '@cellport/plugin-observability-common';
import { RULE_FILE_PREFIX } from './renderRules';

/** Options of {@link RuleLoader}. */
export interface RuleLoaderOptions {
  /** The folder Prometheus reads rule files from (its `rule_files` glob); unset: rules are not loaded. */
  rulesDir?: string;
  /** Prometheus' base URL, for `POST /-/reload` (needs `--web.enable-lifecycle`). */
  prometheusUrl?: string;
  /** The promtool binary; default `promtool` on the PATH. */
  promtool?: string;
  logger: LoggerService;
}

/**
 * Checks rule files with Prometheus' own `promtool check rules`, writes them into Prometheus' rule
 * folder (atomically: a temporary file renamed over the old one) and reloads Prometheus.
 */
export class RuleLoader {
  /** A reload failed: the next {@link RuleLoader.apply} reloads even when no file changed. */
  private reloadPending = false;

  constructor(private readonly options: RuleLoaderOptions) {}

  /** Throws an InputError with promtool's complaint when Prometheus would refuse the file. */
  async check(content: string): Promise<void> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cellport-rules-'));
    const file = path.join(dir, 'rules.yml');
    try {
      await fs.writeFile(file, content);
      await new Promise<void>((resolve, reject) => {
        execFile(
          this.options.promtool ?? 'promtool',
          ['check', 'rules', file],
          { timeout: 30_000 },
          (error, stdout, stderr) => {
            if (!error) {
              resolve();
              return;
            }
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
              reject(
                new ServiceUnavailableError(
                  `cannot check alert rules: promtool is not installed (${error.message})`,
                ),
              );
              return;
            }
            const output = `${stderr}\n${stdout}`
              .split('\n')
              .map(l => l.replace(file, 'rules').trim())
              .filter(l => l && !/^Checking /.test(l) && !/^FAILED:?$/.test(l))
              .join('; ');
            reject(new InputError(`Prometheus rejects these alert rules: ${output}`));
          },
        );
      });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Makes the rule folder hold exactly `files` (name → content) among this plugin's files, and
   * reloads Prometheus when anything changed (or when `forceReload`).
   */
  async apply(
    files: Map<string, string>,
    options: { onlyApp?: string; forceReload?: boolean } = {},
  ): Promise<AlertRulesStatus> {
    const { rulesDir } = this.options;
    if (!rulesDir) {
      return {
        loaded: false,
        message: 'no Prometheus rule folder is configured (cellport.observability.alerts.rulesDir)',
      };
    }
    let changed = false;
    try {
      await fs.mkdir(rulesDir, { recursive: true });
      const existing = (await fs.readdir(rulesDir)).filter(
        f => f.startsWith(RULE_FILE_PREFIX) && f.endsWith('.yml'),
      );
      for (const [name, content] of files) {
        const target = path.join(rulesDir, name);
        const old = await fs.readFile(target, 'utf8').catch(() => undefined);
        if (old === content) continue;
        const tmp = `${target}.${process.pid}.tmp`;
        await fs.writeFile(tmp, content);
        await fs.rename(tmp, target);
        changed = true;
      }
      for (const name of existing) {
        const ours = options.onlyApp
          ? name === `${RULE_FILE_PREFIX}${options.onlyApp}.yml`
          : true;
        if (ours && !files.has(name)) {
          await fs.rm(path.join(rulesDir, name), { force: true });
          changed = true;
        }
      }
    } catch (e) {
      return { loaded: false, message: `cannot write the rule files: ${(e as Error).message}` };
    }
    if (!changed && !options.forceReload && !this.reloadPending) {
      return { loaded: true };
    }
    return this.reload();
  }

  /** `POST /-/reload` on Prometheus. */
  async reload(): Promise<AlertRulesStatus> {
    const status = await this.postReload();
    this.reloadPending = !status.loaded;
    return status;
  }

  private async postReload(): Promise<AlertRulesStatus> {
    const base = this.options.prometheusUrl?.replace(/\/+$/, '');
    if (!base) {
      return { loaded: false, message: 'no Prometheus is configured to reload' };
    }
    try {
      const res = await fetch(`${base}/-/reload`, {
        method: 'POST',
        signal: AbortSignal.timeout(15_000),
      });
      if (!res.ok) {
        const message = `Prometheus reload failed: HTTP ${res.status} ${(await res.text()).trim()}`;
        this.options.logger.warn(message);
        return { loaded: false, message };
      }
      return { loaded: true };
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      const message = `Prometheus at ${base} could not be reloaded: ${cause ?? (e as Error).message}; the rules load at the next sync`;
      this.options.logger.warn(message);
      return { loaded: false, message };
    }
  }
}

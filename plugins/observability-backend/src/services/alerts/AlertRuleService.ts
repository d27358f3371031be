import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  comparePageKeys,
  DEFAULT_PAGE_LIMITS,
  pageOfSorted,
  PageRequest,
} from '@cellport/common';
import {
  AlertRule,
  AlertRuleInput,
  AlertRuleList,
  AlertRulesStatus,
} from '@cellport/plugin-observability-common';
import { AlertStore } from '../../database/AlertStore';
import { renderRuleFile, ruleFileName } from './renderRules';
import { RuleLoader } from './RuleLoader';

/**
 * Alert thresholds of apps: stored in the database, rendered as Prometheus rules, checked by
 * promtool before anything changes (a refused rule is an InputError and leaves the stored rules
 * and the rule files as they were), then written to Prometheus' rule folder and loaded.
 * Authorization is the router's job.
 */
export class AlertRuleService {
  constructor(
    private readonly store: AlertStore,
    private readonly loader: RuleLoader,
    private readonly logger: LoggerService,
  ) {}

  /**
   * A page of the app's rules by name (unique per app), with whether Prometheus loaded them all:
   * the status needs every rule's file, so the rules are read whole and the page cut from them.
   */
  async list(
    app: string,
    request: PageRequest = { limit: DEFAULT_PAGE_LIMITS.defaultLimit },
  ): Promise<AlertRuleList> {
    const all = await this.store.listRules(app);
    const status = await this.loadApp(app, all, false);
    const sorted = [...all].sort((a, b) => comparePageKeys([a.name], [b.name]));
    return { ...pageOfSorted(sorted, request, r => [r.name]), status };
  }

  async create(app: string, input: AlertRuleInput, actor: string) {
    const now = new Date().toISOString();
    const rule: AlertRule = {
      ...input,
      id: randomUUID(),
      app,
      createdBy: actor,
      createdAt: now,
      updatedAt: now,
    };
    return this.change(app, async store => {
      if (await store.findRuleByName(app, input.name)) {
        throw new ConflictError(`App '${app}' already has an alert rule named '${input.name}'`);
      }
      await store.insertRule(rule);
      return rule;
    });
  }

  async update(app: string, id: string, input: AlertRuleInput) {
    return this.change(app, async store => {
      const old = await store.getRule(app, id);
      if (!old) {
        throw new NotFoundError(`App '${app}' has no alert rule '${id}'`);
      }
      const other = await store.findRuleByName(app, input.name);
      if (other && other.id !== id) {
        throw new ConflictError(`App '${app}' already has an alert rule named '${input.name}'`);
      }
      const { summary: _dropped, ...kept } = old;
      const rule: AlertRule = { ...kept, ...input, updatedAt: new Date().toISOString() };
      await store.updateRule(rule);
      return rule;
    });
  }

  async delete(app: string, id: string): Promise<AlertRulesStatus> {
    const { status } = await this.change(app, async store => {
      if (!(await store.deleteRule(app, id))) {
        throw new NotFoundError(`App '${app}' has no alert rule '${id}'`);
      }
      return undefined;
    });
    return status;
  }

  /**
   * Runs a change in a transaction, has promtool check the app's resulting rule file before the
   * commit, then writes and loads it.
   */
  private async change<T>(
    app: string,
    fn: (store: AlertStore) => Promise<T>,
  ): Promise<{ result: T; status: AlertRulesStatus }> {
    const { result, rules } = await this.store.transaction(async store => {
      const value = await fn(store);
      const all = await store.listRules(app);
      if (all.length) {
        await this.loader.check(renderRuleFile(app, all));
      }
      return { result: value, rules: all };
    });
    const status = await this.loadApp(app, rules, true);
    this.logger.info('Alert rules changed', { app, rules: rules.length, loaded: status.loaded });
    return { result, status };
  }

  private loadApp(app: string, rules: AlertRule[], forceReload: boolean) {
    const files = new Map<string, string>();
    if (rules.length) files.set(ruleFileName(app), renderRuleFile(app, rules));
    return this.loader.apply(files, { onlyApp: app, forceReload });
  }

  /**
   * Writes every app's rule file from the database and removes files of apps without rules;
   * reloads Prometheus when anything changed. Run at start-up and periodically, so rules saved
   * while Prometheus was away are loaded when it is back.
   */
  async syncAll(): Promise<AlertRulesStatus> {
    const files = new Map<string, string>();
    for (const app of await this.store.listAppsWithRules()) {
      files.set(ruleFileName(app), renderRuleFile(app, await this.store.listRules(app)));
    }
    return this.loader.apply(files);
  }
}

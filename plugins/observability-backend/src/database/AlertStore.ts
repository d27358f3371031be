import { Knex } from 'knex';
import {
  AlertEvent,
  AlertRule,
  AlertRuleInput,
} from '@cellport/plugin-observability-common';

const RULES = 'observability_alert_rules';
const EVENTS = 'observability_alert_events';

const iso = (v: unknown) => new Date(v as string).toISOString();

function toRule(row: any): AlertRule {
  return {
    id: row.id,
    app: row.app,
    name: row.name,
    metric: row.metric,
    threshold: Number(row.threshold),
    for: row.for,
    severity: row.severity,
    ...(row.summary !== null && row.summary !== undefined ? { summary: row.summary } : {}),
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function toEvent(row: any): AlertEvent {
  return {
    id: String(row.id),
    app: row.app,
    ...(row.rule_id ? { ruleId: row.rule_id } : {}),
    ...(row.rule_name ? { ruleName: row.rule_name } : {}),
    status: row.status,
    fingerprint: row.fingerprint,
    startsAt: row.starts_at,
    ...(row.ends_at ? { endsAt: row.ends_at } : {}),
    summary: row.summary,
    labels: JSON.parse(row.labels),
    receivedAt: iso(row.received_at),
    ...(row.notified_at ? { notifiedAt: iso(row.notified_at) } : {}),
  };
}

/** A received alert, before it is stored. */
export type NewAlertEvent = Omit<AlertEvent, 'id' | 'receivedAt' | 'notifiedAt'>;

/** Alert rules and received alerts in the plugin's database (SQLite or PostgreSQL). */
export class AlertStore {
  constructor(private readonly knex: Knex) {}

  /** Runs `fn` in a transaction; what it throws rolls everything back. */
  transaction<T>(fn: (store: AlertStore) => Promise<T>): Promise<T> {
    return this.knex.transaction(trx => fn(new AlertStore(trx)));
  }

  async listRules(app: string): Promise<AlertRule[]> {
    const rows = await this.knex(RULES).where({ app }).orderBy('name');
    return rows.map(toRule);
  }

  async listAppsWithRules(): Promise<string[]> {
    const rows = await this.knex(RULES).distinct('app').orderBy('app');
    return rows.map((r: { app: string }) => r.app);
  }

  async getRule(app: string, id: string): Promise<AlertRule | undefined> {
    const row = await this.knex(RULES).where({ app, id }).first();
    return row ? toRule(row) : undefined;
  }

  async findRuleByName(app: string, name: string): Promise<AlertRule | undefined> {
    const row = await this.knex(RULES).where({ app, name }).first();
    return row ? toRule(row) : undefined;
  }

  async insertRule(rule: AlertRule): Promise<void> {
    await this.knex(RULES).insert(fromRule(rule));
  }

  async updateRule(rule: AlertRule): Promise<void> {
    const { id, app, created_by, created_at, ...rest } = fromRule(rule);
    await this.knex(RULES).where({ id, app }).update(rest);
  }

  async deleteRule(app: string, id: string): Promise<number> {
    return this.knex(RULES).where({ app, id }).delete();
  }

  /**
   * Records a received alert once per fingerprint, start and status; returns the stored row
   * (the earlier one when the same alert and state arrived before).
   */
  async recordEvent(event: NewAlertEvent): Promise<AlertEvent & { claimable: boolean }> {
    await this.knex(EVENTS)
      .insert({
        app: event.app,
        rule_id: event.ruleId ?? null,
        rule_name: event.ruleName ?? null,
        status: event.status,
        fingerprint: event.fingerprint,
        starts_at: event.startsAt,
        ends_at: event.endsAt ?? null,
        summary: event.summary,
        labels: JSON.stringify(event.labels),
        received_at: new Date(),
      })
      .onConflict(['fingerprint', 'starts_at', 'status'])
      .ignore();
    const row = await this.knex(EVENTS)
      .where({
        fingerprint: event.fingerprint,
        starts_at: event.startsAt,
        status: event.status,
      })
      .first();
    return { ...toEvent(row), claimable: !row.notified_at };
  }

  /**
   * Claims the notification of an event for `replica`: true for exactly one caller while it is
   * not notified, unless the claim is older than `staleMs` (its replica died mid-way).
   */
  async claimNotification(id: string, replica: string, staleMs: number): Promise<boolean> {
    const now = new Date();
    const count = await this.knex(EVENTS)
      .where({ id })
      .whereNull('notified_at')
      .andWhere(q =>
        q.whereNull('claimed_at').orWhere('claimed_at', '<', new Date(now.getTime() - staleMs)),
      )
      .update({ claimed_by: replica, claimed_at: now });
    return count === 1;
  }

  async markNotified(id: string): Promise<void> {
    await this.knex(EVENTS).where({ id }).update({ notified_at: new Date() });
  }

  async releaseClaim(id: string): Promise<void> {
    await this.knex(EVENTS).where({ id }).update({ claimed_by: null, claimed_at: null });
  }

  async listEvents(app: string, limit: number): Promise<AlertEvent[]> {
    const rows = await this.knex(EVENTS)
      .where({ app })
      .orderBy([
        { column: 'received_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(toEvent);
  }
}

function fromRule(rule: AlertRule) {
  return {
    id: rule.id,
    app: rule.app,
    name: rule.name,
    metric: rule.metric,
    threshold: rule.threshold,
    for: rule.for,
    severity: rule.severity,
    summary: rule.summary ?? null,
    created_by: rule.createdBy,
    created_at: new Date(rule.createdAt),
    updated_at: new Date(rule.updatedAt),
  };
}

/** Input of a new or changed rule. */
export type RuleInput = AlertRuleInput;

import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { ALERT_LABELS } from '@cellport/plugin-observability-common';
import { z } from 'zod';
import { AlertStore } from '../../database/AlertStore';
import { AppMembers } from './AppMembers';

/**
 * Zod schema of Alertmanager's webhook body (version 4), the fields the receiver uses.
 */
export const alertmanagerWebhookSchema = z.object({
  version: z.string(),
  status: z.enum(['firing', 'resolved']),
  alerts: z.array(
    z.object({
      status: z.enum(['firing', 'resolved']),
      labels: z.record(z.string(), z.string()),
      annotations: z.record(z.string(), z.string()).default({}),
      startsAt: z.string().min(1),
      endsAt: z.string().optional(),
      fingerprint: z.string().min(1).max(64),
    }),
  ),
});

/** Critical firing alerts are critical notifications, others high; resolutions are normal. */
function notificationSeverity(firing: boolean, severity?: string) {
  if (!firing) return 'normal' as const;
  return severity === 'critical' ? ('critical' as const) : ('high' as const);
}

/** What one webhook call did. */
export interface WebhookOutcome {
  /** Alerts recorded and notified by this call. */
  notified: number;
  /** Alerts already notified before (Alertmanager repeats, another replica). */
  duplicates: number;
  /** Alerts without a Cellport app label. */
  ignored: number;
}

/**
 * Turns Alertmanager's firing and resolved alerts into Backstage notifications to the app's Owners
 * and Masters: each alert and state is recorded once in the database (unique fingerprint, start
 * and status) and notified by exactly one replica, which claims it first; a replica that fails to
 * notify gives its claim back and answers an error, so Alertmanager retries.
 */
export class AlertReceiver {
  private readonly replica = randomUUID();

  constructor(
    private readonly store: AlertStore,
    private readonly members: AppMembers,
    private readonly notifications: NotificationService,
    private readonly logger: LoggerService,
    private readonly claimStaleMs = 60_000,
  ) {}

  async receive(body: unknown): Promise<WebhookOutcome> {
    const parsed = alertmanagerWebhookSchema.safeParse(body);
    if (!parsed.success) {
      throw new InputError(
        `not an Alertmanager webhook body: ${parsed.error.issues
          .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
          .join('; ')}`,
      );
    }
    const outcome: WebhookOutcome = { notified: 0, duplicates: 0, ignored: 0 };
    for (const alert of parsed.data.alerts) {
      const app = alert.labels[ALERT_LABELS.app];
      if (!app) {
        outcome.ignored++;
        continue;
      }
      const event = await this.store.recordEvent({
        app,
        ruleId: alert.labels[ALERT_LABELS.rule],
        ruleName: alert.labels[ALERT_LABELS.ruleName],
        status: alert.status,
        fingerprint: alert.fingerprint,
        startsAt: alert.startsAt,
        endsAt: alert.status === 'resolved' ? alert.endsAt : undefined,
        summary: alert.annotations.summary ?? alert.labels.alertname ?? 'alert',
        labels: alert.labels,
      });
      if (
        !event.claimable ||
        !(await this.store.claimNotification(event.id, this.replica, this.claimStaleMs))
      ) {
        outcome.duplicates++;
        continue;
      }
      try {
        const recipients = await this.members.withRoles(app, ['owner', 'master']);
        const rule = event.ruleName ?? alert.labels.alertname ?? 'alert';
        const firing = event.status === 'firing';
        await this.notifications.send({
          recipients: { type: 'entity', entityRef: recipients },
          payload: {
            title: firing
              ? `${app}: alert '${rule}' is firing`
              : `${app}: alert '${rule}' is resolved`,
            description: event.summary,
            link: `/cells/${encodeURIComponent(app)}?tab=observability`,
            severity: notificationSeverity(firing, alert.labels.severity),
            topic: 'observability-alert',
            scope: `observability-alert:${event.fingerprint}:${event.startsAt}:${event.status}`,
          },
        });
        await this.store.markNotified(event.id);
        outcome.notified++;
        this.logger.info('Alert notification sent', {
          app,
          rule,
          status: event.status,
          recipients: recipients.join(','),
        });
      } catch (e) {
        await this.store.releaseClaim(event.id);
        throw e;
      }
    }
    return outcome;
  }
}

/**
 * `cellport:observability:alerts:set`: an app's alert thresholds, by rule name.
 */
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { CellportApi, CellportApiDeps } from '../api/CellportApi';

/** An alert threshold as the observability plugin takes it. */
interface RuleInput {
  name: string;
  metric: 'errorRatio' | 'latencyP99' | 'restarts' | 'cpu' | 'memory';
  threshold: number;
  for: string;
  severity?: 'warning' | 'critical';
  summary?: string;
}

/** A stored rule (the fields the action compares). */
interface StoredRule extends RuleInput {
  id: string;
}

/**
 * The thresholds a new service starts with: 5xx share above 5 % for 5 minutes, p99 latency above
 * one second for 10 minutes, more than 3 restarts in 5 minutes.
 *
 * @public
 */
export const DEFAULT_ALERT_RULES: RuleInput[] = [
  {
    name: 'error-ratio',
    metric: 'errorRatio',
    threshold: 0.05,
    for: '5m',
    severity: 'critical',
  },
  {
    name: 'latency-p99',
    metric: 'latencyP99',
    threshold: 1,
    for: '10m',
    severity: 'warning',
  },
  {
    name: 'restarts',
    metric: 'restarts',
    threshold: 3,
    for: '5m',
    severity: 'warning',
  },
];

const sameRule = (a: RuleInput, b: RuleInput) =>
  a.metric === b.metric &&
  a.threshold === b.threshold &&
  a.for === b.for &&
  (a.severity ?? 'warning') === (b.severity ?? 'warning') &&
  (a.summary ?? '') === (b.summary ?? '');

/**
 * Makes an app's alert rules of the given names exactly as given (creates the missing ones,
 * replaces the differing ones, leaves the app's other rules alone), as the user running the
 * template (Owner or Master of the app). Each rule is checked by promtool in the plugin before
 * it is stored; a refused rule stops the step with Prometheus' reason.
 *
 * @public
 */
export function createObservabilityAlertsAction(deps: CellportApiDeps) {
  return createTemplateAction({
    id: 'cellport:observability:alerts:set',
    description:
      "Sets an app's alert thresholds by rule name (default: error ratio, p99 latency and restarts); rules already as given are left alone",
    supportsDryRun: true,
    examples: [
      {
        description: 'The default alerts of a new app',
        example: [
          'steps:',
          '  - id: alerts',
          '    name: Alerts',
          '    action: cellport:observability:alerts:set',
          '    input:',
          "      app: ${{ steps['app'].output.app }}",
        ].join('\n'),
      },
      {
        description: 'One own threshold',
        example: [
          'steps:',
          '  - id: alerts',
          '    action: cellport:observability:alerts:set',
          '    input:',
          '      app: payments-api',
          '      rules:',
          '        - { name: slow, metric: latencyP99, threshold: 0.5, for: 5m, severity: critical }',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        app: z => z.string().min(1).describe('The app'),
        rules: z =>
          z
            .array(
              z.object({
                name: z.string().min(1),
                metric: z.enum([
                  'errorRatio',
                  'latencyP99',
                  'restarts',
                  'cpu',
                  'memory',
                ]),
                threshold: z.number().nonnegative(),
                for: z.string().describe('e.g. 30s, 5m, 1h'),
                severity: z.enum(['warning', 'critical']).optional(),
                summary: z.string().optional(),
              }),
            )
            .optional()
            .describe(
              'The rules to set (default: error ratio, p99 latency and restarts)',
            ),
      },
      output: {
        rules: z => z.array(z.string()).describe('The names of the rules set'),
        created: z => z.number().describe('Rules created'),
        updated: z => z.number().describe('Rules replaced'),
        loaded: z =>
          z.boolean().describe('Whether Prometheus loaded the rules'),
      },
    },
    async handler(ctx) {
      const { app } = ctx.input;
      const rules: RuleInput[] = ctx.input.rules ?? DEFAULT_ALERT_RULES;
      const api = CellportApi.forCredentials(
        deps,
        await ctx.getInitiatorCredentials(),
      );
      const path = `/apps/${encodeURIComponent(app)}/alerts/rules`;
      const names = rules.map(r => r.name);
      if (ctx.isDryRun) {
        // the app of an earlier step may not exist in a dry run
        ctx.logger.info(
          `Dry run: would set the alert rules ${names.join(', ')} of ${app}`,
        );
        ctx.output('rules', names);
        ctx.output('created', 0);
        ctx.output('updated', 0);
        ctx.output('loaded', false);
        return;
      }
      const current = await api.request<{
        items: StoredRule[];
        status: { loaded: boolean; message?: string };
      }>('observability', 'GET', path);
      let created = 0;
      let updated = 0;
      let status = current.status;
      for (const rule of rules) {
        const existing = current.items.find(r => r.name === rule.name);
        if (existing && sameRule(existing, rule)) {
          ctx.logger.info(
            `Alert rule ${rule.name} of ${app} is as given: reused`,
          );
          continue;
        }
        const body = { severity: 'warning', ...rule };
        const answer = existing
          ? await api.request<{ status: typeof status }>(
              'observability',
              'PUT',
              `${path}/${encodeURIComponent(existing.id)}`,
              body,
            )
          : await api.request<{ status: typeof status }>(
              'observability',
              'POST',
              path,
              body,
            );
        status = answer.status;
        if (existing) updated += 1;
        else created += 1;
        ctx.logger.info(
          `${existing ? 'Replaced' : 'Created'} the alert rule ${
            rule.name
          } of ${app}: ${rule.metric} above ${rule.threshold} for ${rule.for}`,
        );
      }
      if (!status.loaded) {
        ctx.logger.warn(
          `Prometheus has not loaded the rules of ${app} yet${
            status.message ? `: ${status.message}` : ''
          }`,
        );
      }
      ctx.output('rules', names);
      ctx.output('created', created);
      ctx.output('updated', updated);
      ctx.output('loaded', status.loaded);
    },
  });
}

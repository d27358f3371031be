import { createConditionExports } from '@backstage/plugin-permission-node';
import { accessResourceRefs } from './resourceRefs';
import { accessRules } from './rules';

/**
 * Condition factories and conditional-decision builders of each kind, for policy authors:
 *
 * ```ts
 * const { conditions, createConditionalDecision } = accessConditions.app;
 * return createConditionalDecision(
 *   request.permission,
 *   conditions.hasRole({ minimumRole: 'master', claims }),
 * );
 * ```
 *
 * @public
 */
export const accessConditions = {
  app: createConditionExports({
    resourceRef: accessResourceRefs.app,
    rules: accessRules.app,
  }),
  'image-group': createConditionExports({
    resourceRef: accessResourceRefs['image-group'],
    rules: accessRules['image-group'],
  }),
  'image-repository': createConditionExports({
    resourceRef: accessResourceRefs['image-repository'],
    rules: accessRules['image-repository'],
  }),
  'build-config': createConditionExports({
    resourceRef: accessResourceRefs['build-config'],
    rules: accessRules['build-config'],
  }),
};

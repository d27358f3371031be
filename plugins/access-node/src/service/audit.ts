import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import type { Request } from 'express';

/** Runs a change inside an auditor event: success with the result's meta, or failure with the error. */
export async function audited<T>(
  auditor: AuditorService,
  options: {
    eventId: string;
    severityLevel: AuditorServiceEventSeverityLevel;
    request?: Request<any, any, any, any, any>;
    meta: JsonObject;
  },
  change: () => Promise<T>,
  resultMeta?: (result: T) => JsonObject,
): Promise<T> {
  const event = await auditor.createEvent(options);
  try {
    const result = await change();
    await event.success(resultMeta ? { meta: resultMeta(result) } : undefined);
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}

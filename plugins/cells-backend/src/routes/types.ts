import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import type { ApiRouter } from '@backstage/backend-openapi-utils';
import type { Request } from 'express';
import type { spec } from '../schema/openapi.generated';

/**
 * The cells router typed from `src/schema/openapi.yaml`: paths, parameters, bodies and answers
 * of every route are the document's, and requests are validated against it before a handler runs.
 *
 * @public
 */
export type CellsApiRouter = ApiRouter<typeof spec>;

/** The caller of a request (a signed-in user or a service). */
export function callerOf(httpAuth: HttpAuthService) {
  return (req: Request<any, any, any, any>): Promise<BackstageCredentials> =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
}

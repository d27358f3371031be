/** Who acts: the user (or service) behind a request's credentials, as stored and written to logs. */
import { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * The acting user's entity ref, lowercase; undefined when a service acts.
 *
 * @public
 */
export function userOf(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
  };
  return principal.type === 'user' && principal.userEntityRef
    ? principal.userEntityRef.toLocaleLowerCase('en-US')
    : undefined;
}

/**
 * The acting user's entity ref (lowercase), `service:<subject>` for a service, else `unknown`: what
 * `createdBy` columns, activity feeds and logs record.
 *
 * @public
 */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    subject?: string;
  };
  return (
    userOf(credentials) ??
    (principal.type === 'service' ? `service:${principal.subject}` : 'unknown')
  );
}

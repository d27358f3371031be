import { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * The user (or service) acting, as stored in `createdBy` and written to the logs.
 *
 * @public
 */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return principal.userEntityRef.toLocaleLowerCase('en-US');
  }
  return principal.type === 'service'
    ? `service:${principal.subject}`
    : 'unknown';
}

import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { oidcAuthApi } from './oidcAuthApi';
import { cellportSignInPage } from './signInPage';

export { oidcAuthApiRef } from './oidcAuthApi';

/** Sign-in for the Cellport app: guest and OIDC. */
export const authModule = createFrontendModule({
  pluginId: 'app',
  extensions: [oidcAuthApi, cellportSignInPage],
});

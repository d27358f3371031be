import { SignInPage } from '@backstage/core-components';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { oidcAuthApiRef } from './oidcAuthApi';

/**
 * Sign-in page: guest (development) and OIDC (sign in as a catalog User; in development through the
 * local OIDC provider started by `npm start`, which accepts any catalog user name).
 */
export const cellportSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props =>
      (
        <SignInPage
          {...props}
          title="Cellport"
          align="center"
          providers={[
            'guest',
            {
              id: 'oidc-auth-provider',
              title: 'Sign in as a user',
              message: 'Sign in through the OIDC provider (development: any catalog user)',
              apiRef: oidcAuthApiRef,
            },
          ]}
        />
      ),
  },
});

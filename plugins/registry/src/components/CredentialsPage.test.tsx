import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { identityApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { PersonalAccessToken } from '@cellport/plugin-registry-common';
import { RegistryApi, registryApiRef, RegistryPageRequest } from '../api';
import { rootRouteRef } from '../routes';
import { CredentialsPage } from './CredentialsPage';

// a loaded machine renders the test app slowly
jest.setTimeout(60_000);
const slow = { timeout: 20_000 };

const token = (i: number): PersonalAccessToken => ({
  id: `id-${i}`,
  user: 'user:default/alice',
  name: `token-${i}`,
  createdAt: new Date(Date.now() - i * 60_000).toISOString(),
  expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
});

/** Tokens 0..4 in pages of two, the cursor being the next index; `failAt` answers a 500. */
function pagedApi(failAt?: string) {
  const requests: Array<RegistryPageRequest | undefined> = [];
  const api: Partial<RegistryApi> = {
    listTokens: async page => {
      requests.push(page);
      if (page?.cursor && page.cursor === failAt) {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({ error: { name: 'Error', message: 'the registry database is down' }, response: { statusCode: 500 } }),
            { status: 500, headers: { 'content-type': 'application/json' } },
          ) as any,
        );
      }
      const start = Number(page?.cursor ?? 0);
      const items = [0, 1, 2, 3, 4].slice(start, start + 2).map(token);
      return {
        items,
        registryHost: 'registry.test:5000',
        ...(start + 2 < 5 ? { nextCursor: String(start + 2) } : {}),
      };
    },
  };
  return { api: api as RegistryApi, requests };
}

async function renderWith(api: RegistryApi) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [registryApiRef, api],
        [identityApiRef, { getBackstageIdentity: async () => ({ type: 'user' as const, userEntityRef: 'user:default/alice', ownershipEntityRefs: [] }) }],
      ]}
    >
      <CredentialsPage />
    </TestApiProvider>,
    { mountedRoutes: { '/registry': rootRouteRef } },
  );
}

describe('CredentialsPage, a page of tokens at a time', () => {
  it('shows the first page and reads the next ones with "Show more" until there are none', async () => {
    const { api, requests } = pagedApi();
    await renderWith(api);
    expect(await screen.findByText('token-0', {}, slow)).toBeInTheDocument();
    expect(screen.queryByText('token-2')).not.toBeInTheDocument();
    expect(screen.getByTestId('tokens-show-more-count')).toHaveTextContent('2 tokens shown');
    fireEvent.click(screen.getByTestId('tokens-show-more'));
    expect(await screen.findByText('token-3', {}, slow)).toBeInTheDocument();
    fireEvent.click(screen.getByTestId('tokens-show-more'));
    expect(await screen.findByText('token-4', {}, slow)).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('tokens-show-more')).not.toBeInTheDocument(), slow);
    expect(requests.map(r => r?.cursor)).toEqual([undefined, '2', '4']);
    for (const i of [0, 1, 2, 3, 4]) {
      expect(screen.getAllByText(`token-${i}`)).toHaveLength(1);
    }
  });

  it("keeps the pages read when the next one fails, and shows the server's message", async () => {
    const { api } = pagedApi('2');
    await renderWith(api);
    fireEvent.click(await screen.findByTestId('tokens-show-more', {}, slow));
    expect(await screen.findByTestId('tokens-show-more-error', {}, slow)).toHaveTextContent('the registry database is down');
    expect(screen.getByText('token-1')).toBeInTheDocument();
    expect(screen.getByTestId('tokens-show-more')).toBeEnabled();
  });
});

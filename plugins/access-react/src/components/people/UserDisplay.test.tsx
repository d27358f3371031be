import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { initialsOf, UserDisplay } from './UserDisplay';

const catalogApi = catalogApiMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'alice', namespace: 'default' },
      spec: { profile: { displayName: 'Alice Arnold' } },
    },
  ],
});

async function renderUser(entityRef: string) {
  await renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
      <UserDisplay entityRef={entityRef} />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('UserDisplay', () => {
  it.each(['user:default/alice', 'alice'])(
    'shows %s by display name with initials, linked to the catalog',
    async ref => {
      await renderUser(ref);
      const link = await screen.findByRole('link', { name: 'Alice Arnold' });
      expect(link.getAttribute('href')).toBe('/catalog/default/user/alice');
      expect(screen.getByText('AA')).toBeInTheDocument();
      expect(screen.getByTitle('user:default/alice')).toBeInTheDocument();
    },
  );

  it('shows other actors as they are', async () => {
    await renderUser('robot$team+ci');
    expect(screen.getByText('robot$team+ci')).toBeInTheDocument();
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('makes initials of a display name', () => {
    expect(initialsOf('Alice Arnold')).toBe('AA');
    expect(initialsOf('bob')).toBe('B');
  });
});

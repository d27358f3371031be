import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import type { RegistryActivity } from '@cellport/plugin-registry-common';
import { RegistryApi, registryApiRef } from '../api';
import { RepositoryActivity } from './RepositoryActivity';

const person = (name: string, displayName: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { profile: { displayName } },
});

const base = { group: 'team', repository: 'team/app', createdAt: new Date().toISOString() };
const activity: RegistryActivity[] = [
  {
    ...base,
    id: 2,
    action: 'member-added',
    actor: 'user:default/alice',
    details: { member: 'user:default/bob', role: 'reporter' },
  },
  {
    ...base,
    id: 1,
    action: 'robot-created',
    actor: 'user:default/alice',
    details: { robot: 'ci', scopes: ['pull', 'push'], onBehalfOf: 'group:default/payments' },
  },
];

describe('RepositoryActivity', () => {
  it('shows people in the details by display name, never as raw references', async () => {
    const api: Partial<RegistryApi> = { listActivity: async () => activity };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [registryApiRef, api as RegistryApi],
          [
            catalogApiRef,
            catalogApiMock({
              entities: [person('alice', 'Alice Arnold'), person('bob', 'Bob Baker')],
            }),
          ],
        ]}
      >
        <RepositoryActivity name="team/app" pullCount={3} />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    const [added, robot] = await screen.findAllByTestId('activity-details');
    expect(await within(added).findByRole('link', { name: 'Bob Baker' })).toBeInTheDocument();
    expect(added).toHaveTextContent(/^member .*Bob Baker.*· role reporter$/);
    expect(added.textContent).not.toContain('user:default/bob');
    // a group that is not in the catalog keeps its readable name, linked to its catalog page
    expect(robot).toHaveTextContent(/robot ci\s*· scopes pull, push$/);
    expect(within(robot).getByRole('link', { name: 'payments' })).toBeInTheDocument();
    expect(screen.getByText('Robot account created')).toBeInTheDocument();
  });
});

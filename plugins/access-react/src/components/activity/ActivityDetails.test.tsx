import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { ActivityDetails } from './ActivityDetails';
import {
  activityDetailParts,
  describeActivityDetails,
} from './activityDetailParts';

const catalogApi = catalogApiMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'bob', namespace: 'default' },
      spec: { profile: { displayName: 'Bob Baker' } },
    },
  ],
});

describe('ActivityDetails', () => {
  it('shows the people an entry names by display name, the rest as text', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
        <ActivityDetails
          details={{ member: 'user:default/bob', role: 'reporter', tag: 'v1' }}
          keys={[{ key: 'tag', monospace: true }]}
        />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(
      await screen.findByRole('link', { name: 'Bob Baker' }),
    ).toBeInTheDocument();
    const details = screen.getByTestId('activity-details');
    expect(details.textContent).not.toContain('user:default/bob');
    expect(details).toHaveTextContent(/^member .*Bob Baker.*· tag v1\s*· role reporter$/);
    expect(screen.getByText('v1').tagName).toBe('CODE');
  });

  it('orders people first, then the plugin keys, then roles and visibility', () => {
    const details = {
      newOwner: 'user:default/bob',
      demotedOwners: ['user:default/alice', 'user:default/carol'],
      previousRole: 'master',
      build: 12,
      digest: `sha256:${'a'.repeat(64)}`,
      unknown: 'left out',
    };
    const keys = [
      { key: 'build', format: (v: string) => `#${v}` },
      { key: 'digest', label: '', format: (v: string) => v.slice(0, 19) },
    ];
    expect(activityDetailParts(details, keys)).toEqual([
      { label: 'new owner', person: 'user:default/bob' },
      { label: 'demoted', person: 'user:default/alice' },
      { label: 'demoted', person: 'user:default/carol' },
      { label: 'build', text: '#12' },
      { label: '', text: `sha256:${'a'.repeat(12)}` },
      { label: 'was', text: 'master' },
    ]);
    expect(describeActivityDetails({ member: 'user:default/bob', role: 'guest' })).toBe(
      'member user:default/bob · role guest',
    );
    expect(activityDetailParts(undefined)).toEqual([]);
  });
});

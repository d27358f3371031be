import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { FailuresCard } from './FailuresCard';
import { adminTestApis } from '../__testUtils__/adminTestApis';

jest.setTimeout(30_000);

describe('FailuresCard', () => {
  it('names the people in a failure reason by their display names, the rest of the text as sent', async () => {
    const { apis } = adminTestApis({}, true);
    await renderInTestApp(
      <TestApiProvider apis={apis}>
        <FailuresCard
          releases={[
            {
              app: 'shop',
              releaseId: 'r1',
              version: 'v3',
              failedAt: '2026-12-06T10:00:00Z',
              reason: 'aborted by user:default/alice',
              startedBy: 'user:default/alice',
            },
          ]}
          builds={[
            {
              config: 'shop',
              number: 7,
              failedAt: '2026-12-06T09:00:00Z',
              step: 'push',
              reason:
                'push refused for user:default/erin. Robot robot$ci kept out',
              startedBy: 'github:octo',
            },
          ]}
        />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    const release = (
      await screen.findByText('shop', { selector: 'a' })
    ).closest('tr')!;
    await within(release).findByText(/^aborted by/);
    expect(await within(release).findAllByText('Alice Adams')).toHaveLength(2);
    expect(release.textContent).toContain('aborted by Alice Adams');
    expect(release.textContent).not.toContain('user:default/alice');

    const build = screen.getByText('shop #7').closest('tr')!;
    await within(build).findByText('Erin Evans');
    expect(build.textContent).toContain(
      'push refused for Erin Evans. Robot robot$ci kept out',
    );
    // another actor (a webhook pusher) as it is
    expect(build.textContent).toContain('github:octo');
  });
});

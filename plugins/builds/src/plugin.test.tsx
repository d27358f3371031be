import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Build } from '@cellport/plugin-builds-common';
import { buildsApiRef, BuildsApi } from './api';
import { EntityBuildsContent } from './components/EntityBuildsContent';
import { buildsPlugin } from './plugin';
import { rootRouteRef } from './routes';
import { formatDuration } from './components/shared';

jest.setTimeout(60_000);

const build: Build = {
  id: 'b1',
  config: 'payments-api',
  number: 7,
  state: 'succeeded',
  trigger: { type: 'webhook', platform: 'gitlab', pusher: 'alice' },
  branch: 'main',
  commit: '0123456789abcdef0123456789abcdef01234567',
  tag: '0123456',
  digest: 'sha256:abc',
  noCache: false,
  agent: 'build-1',
  attempts: [],
  steps: [],
  createdBy: 'gitlab:alice',
  createdAt: '2026-12-06T08:00:00Z',
  startedAt: '2026-12-06T08:00:00Z',
  finishedAt: '2026-12-06T08:01:05Z',
};

describe('builds frontend', () => {
  it('registers the API and the root route for the legacy system', () => {
    expect(buildsPlugin.getId()).toBe('builds');
    expect(buildsPlugin.routes.root).toBe(rootRouteRef);
    expect(Array.from(buildsPlugin.getApis(), a => a.api.id)).toEqual([
      'plugin.builds',
    ]);
  });

  it('shows the builds of the annotated build config on the entity tab', async () => {
    const api: Partial<BuildsApi> = {
      listBuilds: jest.fn(async () => [build]),
    };
    await renderInTestApp(
      <TestApiProvider apis={[[buildsApiRef, api]]}>
        <EntityProvider
          entity={{
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'payments-api',
              annotations: { 'cellport.io/build': 'payments-api' },
            },
            spec: {},
          }}
        >
          <EntityBuildsContent />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/builds': rootRouteRef } },
    );
    expect(await screen.findByText('#7')).toBeInTheDocument();
    expect(screen.getByText('gitlab push by alice')).toBeInTheDocument();
    expect(
      screen.getByText('0123456', { selector: 'code' }),
    ).toBeInTheDocument();
    expect(screen.getByText('1 min 05 s')).toBeInTheDocument();
    expect(api.listBuilds).toHaveBeenCalledWith('payments-api');
    expect(formatDuration(850)).toBe('850 ms');
  });
});

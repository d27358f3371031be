import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  catalogApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { BuildConfig } from '@cellport/plugin-builds-common';
import { buildsApiRef, BuildsApi } from '../api';
import { rootRouteRef } from '../routes';
import { ConfigsList } from './ConfigsList';

jest.setTimeout(60_000);

const config = (name: string): BuildConfig => ({
  name,
  repositoryUrl: `https://git.test/team/${name}.git`,
  branch: 'main',
  context: '.',
  dockerfile: 'Dockerfile',
  buildArgs: [],
  imageRepository: 'team/app',
  tagRule: { type: 'commit' },
  cacheMountPath: '/cache',
  createdBy: 'user:default/alice',
  createdAt: '2026-12-06T08:00:00Z',
  updatedAt: '2026-12-06T08:00:00Z',
});

describe('ConfigsList', () => {
  it('shows the first page of configs and "Show more" reads the next with its cursor', async () => {
    const listConfigs = jest.fn(async (cursor?: string) =>
      cursor === 'after-b'
        ? { items: [config('c')] }
        : { items: [config('a'), config('b')], nextCursor: 'after-b' },
    );
    const api: Partial<BuildsApi> = {
      listConfigs,
      listAgents: jest.fn(async () => ({ items: [] })),
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [buildsApiRef, api],
          [catalogApiRef, { getEntityByRef: async () => undefined }],
        ]}
      >
        <ConfigsList />
      </TestApiProvider>,
      {
        mountedRoutes: {
          '/builds': rootRouteRef,
          '/catalog/:namespace/:kind/:name': entityRouteRef,
        },
      },
    );
    expect(await screen.findByTestId('config-link-b')).toBeInTheDocument();
    expect(screen.queryByTestId('config-link-c')).not.toBeInTheDocument();
    fireEvent.click(screen.getByTestId('configs-show-more'));
    expect(await screen.findByTestId('config-link-c')).toBeInTheDocument();
    expect(listConfigs).toHaveBeenLastCalledWith('after-b');
    await waitFor(() =>
      expect(screen.queryByTestId('configs-show-more')).not.toBeInTheDocument(),
    );
    expect(screen.getByTestId('config-link-a')).toBeInTheDocument();
  });
});

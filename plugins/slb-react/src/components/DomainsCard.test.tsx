import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { DomainView } from '@cellport/plugin-slb-common';
import { SlbApi, slbApiRef } from '../api';
import { slbRootRouteRef } from '../routes';
import { DomainsCard } from './DomainsCard';

function view(name: string, hosts: DomainView['hosts']): DomainView {
  return {
    domain: {
      name,
      group: 'dev-public',
      app: 'shop',
      aliases: [],
      locations: [{ path: '/', app: 'shop', port: 8080 }],
    } as any,
    group: { name: 'dev-public', region: 'dev', visibility: 'public' },
    cname: 'dev-public.lb.dev.cellport.local',
    vip: '10.0.0.10',
    config: '',
    revision: 41,
    upstreams: [
      {
        app: 'shop',
        port: 8080,
        servers: [
          {
            address: '127.1.0.2:8080',
            cell: 'dev-1',
            version: 'v1',
            weight: 1,
          },
          {
            address: '127.2.0.2:8080',
            cell: 'dev-2',
            version: 'v1',
            weight: 1,
          },
        ],
        cells: {},
      },
    ],
    hosts,
    canManage: true,
    canEditDirectives: false,
  };
}

const host = (name: string, lag: number, error?: string) => ({
  host: name,
  address: '127.0.0.11',
  revision: 41 - lag,
  lag,
  error,
  updatedAt: new Date().toISOString(),
});

function api(views: DomainView[]): Partial<SlbApi> {
  return {
    listDomains: async () =>
      views.map(v => ({ domain: v.domain, cname: v.cname, vip: v.vip })),
    getDomain: async (name: string) => views.find(v => v.domain.name === name)!,
  };
}

describe('DomainsCard', () => {
  it("shows the app's domains with LB group, CNAME, VIP, servers and convergence, linking to each domain page", async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            slbApiRef,
            api([
              view('shop.example.com', [host('lb-1', 0), host('lb-2', 0)]),
              view('api.example.com', [
                host('lb-1', 0),
                host('lb-2', 2, 'nginx: [emerg] unknown directive "x"'),
              ]),
            ]),
          ],
        ]}
      >
        <DomainsCard app="shop" refreshMs={0} />
      </TestApiProvider>,
      { mountedRoutes: { '/slb': slbRootRouteRef } },
    );
    const link = await screen.findByRole('link', { name: 'shop.example.com' });
    expect(link.textContent).toBe('shop.example.com');
    expect(link.getAttribute('href')).toBe('/slb/domains/shop.example.com');
    expect(screen.getAllByText('LB group dev-public (public)')).toHaveLength(2);
    expect(screen.getAllByText('VIP 10.0.0.10')).toHaveLength(2);
    // the CNAME may wrap after a dot, never inside a label
    const cnames = screen.getAllByText(
      (_, el) =>
        el?.tagName === 'CODE' &&
        el.textContent === 'dev-public.lb.dev.cellport.local',
    );
    expect(cnames).toHaveLength(2);
    expect(cnames[0].querySelectorAll('wbr')).toHaveLength(4);
    expect(screen.getAllByText('2 in 2 cells')).toHaveLength(2);
    expect(screen.getByText('2/2 hosts at r41')).toBeInTheDocument();
    expect(
      screen.getByText('1 of 2 hosts refused the config'),
    ).toBeInTheDocument();
  });

  it('says when no domain routes to the app', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[slbApiRef, api([])]]}>
        <DomainsCard app="shop" refreshMs={0} />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(/No domain routes to this app yet/),
    ).toBeInTheDocument();
  });

  it('shows the server error as sent', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            slbApiRef,
            {
              listDomains: async () => {
                throw new Error('etcd of dev-public unreachable');
              },
            },
          ],
        ]}
      >
        <DomainsCard app="shop" refreshMs={0} />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('etcd of dev-public unreachable'),
    ).toBeInTheDocument();
  });
});

import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AdminPage } from './AdminPage';
import { adminTestApis } from '../__testUtils__/adminTestApis';

jest.setTimeout(30_000);

const B = 'http://backend/api';
const day = (date: string) => ({ date, deploys: 0, releases: 0, rollbacks: 0, scalings: 0 });

describe('AdminPage (platform admin)', () => {
  it('shows operations, failures, capacity, quotas and special configuration; sets a quota in the dialog', async () => {
    const quotas: any[] = [
      { ownerGroup: 'group:default/team-a', limits: {}, usage: { apps: 2, cpuMillis: 1500, memoryBytes: 1073741824 } },
    ];
    const { apis, fetchApi } = adminTestApis(
      {
        [`GET ${B}/cells/admin/operations?days=30`]: () => ({
          status: 200,
          body: {
            days: [day('2026-12-05'), { date: '2026-12-06', deploys: 3, releases: 2, rollbacks: 1, scalings: 4 }],
            failedReleases: [
              { app: 'shop', releaseId: 'r1', version: 'v2', failedAt: '2026-12-06T10:00:00Z', reason: 'error ratio 0.4 above 0.05', startedBy: 'user:default/alice' },
            ],
          },
        }),
        [`GET ${B}/registry/admin/operations?days=30`]: () => ({
          status: 500,
          body: { error: { name: 'Error', message: 'registry database is unavailable' }, response: { statusCode: 500 } },
        }),
        [`GET ${B}/builds/admin/operations?days=30`]: () => ({
          status: 200,
          body: {
            days: [{ date: '2026-12-06', builds: 5, failed: 1 }],
            failedBuilds: [{ config: 'shop', number: 7, failedAt: '2026-12-06T09:00:00Z', step: 'build', reason: 'RUN make exited 2', startedBy: 'github:octo' }],
          },
        }),
        [`GET ${B}/cells/admin/capacity`]: () => ({
          status: 200,
          body: {
            regions: [
              {
                region: 'dev',
                cells: [
                  { cell: 'dev-1', reachable: true, allocatable: { cpuMillis: 8000, memoryBytes: 17179869184, pods: 110 }, requested: { cpuMillis: 2500, memoryBytes: 1073741824, pods: 12 } },
                  { cell: 'dev-2', reachable: false, error: 'connect ECONNREFUSED', allocatable: { cpuMillis: 0, memoryBytes: 0, pods: 0 }, requested: { cpuMillis: 0, memoryBytes: 0, pods: 0 } },
                ],
              },
            ],
          },
        }),
        [`GET ${B}/cells/admin/quotas`]: () => ({ status: 200, body: { quotas } }),
        [`PUT ${B}/cells/admin/quotas/group%3Adefault%2Fteam-a`]: init => {
          const limits = JSON.parse(String(init?.body));
          if (limits.cpuMillis < 1500) {
            return {
              status: 409,
              body: {
                error: { name: 'ConflictError', message: 'quota for group:default/team-a: cpu 1000m is below the 1500m in use' },
                response: { statusCode: 409 },
              },
            };
          }
          quotas[0] = { ...quotas[0], limits, updatedBy: 'user:default/erin', updatedAt: new Date().toISOString() };
          return { status: 200, body: quotas[0] };
        },
        [`GET ${B}/slb/admin/special-configs`]: () => ({
          status: 200,
          body: {
            items: [{ domain: 'shop.example.test', group: 'public', region: 'dev', app: 'shop', directives: 'gzip on;', setBy: 'user:default/erin', setAt: '2026-12-05T10:00:00Z' }],
            errors: [],
          },
        }),
      },
      true,
    );
    await renderInTestApp(
      <TestApiProvider apis={apis}>
        <AdminPage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByTestId('ops-total-deploys')).toHaveTextContent('3');
    expect(screen.getByTestId('ops-total-scalings')).toHaveTextContent('4');
    expect(screen.getByTestId('ops-total-builds')).toHaveTextContent('5');
    expect(screen.getByTestId('ops-total-pushes')).toHaveTextContent('0');
    // the failing backend's message, as sent
    expect(screen.getByText(/registry database is unavailable/)).toBeInTheDocument();
    expect(screen.getByText('error ratio 0.4 above 0.05')).toBeInTheDocument();
    expect(screen.getByText('shop #7').closest('a')).toHaveAttribute('href', '/builds/shop/builds/7');
    expect(screen.getByText('github:octo')).toBeInTheDocument();
    expect(await screen.findAllByText('Alice Adams')).not.toHaveLength(0);
    const cell = screen.getByTestId('capacity-cell-dev-1');
    expect(within(cell).getByText('2.50 cores of 8 cores')).toBeInTheDocument();
    expect(within(screen.getByTestId('capacity-cell-dev-2')).getByText(/Unreachable: connect ECONNREFUSED/)).toBeInTheDocument();
    expect(screen.getByText('gzip on;')).toBeInTheDocument();
    expect(screen.getByText('1.50 cores (no limit)')).toBeInTheDocument();

    fireEvent.click(screen.getByTestId('quota-edit-group:default/team-a'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('CPU requests (millicores)'), { target: { value: '1000' } });
    fireEvent.click(within(dialog).getByTestId('quota-save'));
    expect(await within(dialog).findByTestId('quota-error')).toHaveTextContent(
      'quota for group:default/team-a: cpu 1000m is below the 1500m in use',
    );
    fireEvent.change(within(dialog).getByLabelText('CPU requests (millicores)'), { target: { value: '2000' } });
    fireEvent.change(within(dialog).getByLabelText('Apps'), { target: { value: '5' } });
    fireEvent.click(within(dialog).getByTestId('quota-save'));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByText('1.50 cores of 2 cores')).toBeInTheDocument();
    expect(screen.getByText('2 of 5')).toBeInTheDocument();
    const put = fetchApi.fetch.mock.calls.filter(([, init]) => init?.method === 'PUT').pop()!;
    expect(JSON.parse(String(put[1]!.body))).toEqual({ apps: 5, cpuMillis: 2000 });
  });
});

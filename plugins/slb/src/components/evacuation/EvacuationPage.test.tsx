import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { EvacuationPage } from './EvacuationPage';

const plan = {
  cell: 'dev-2',
  region: 'dev',
  groups: ['dev-public'],
  createdAt: '2026-12-06T10:00:00Z',
  apps: [
    { app: 'shop', version: 'v1', servers: 2, replicas: 2, targets: [{ cell: 'dev-1', from: 2, to: 4, specReplicas: 2 }], uncarried: 0, notes: [] },
    { app: 'big', version: 'v3', servers: 4, replicas: 4, targets: [{ cell: 'dev-1', from: 1, to: 2, specReplicas: 1 }], uncarried: 3, notes: ["cell 'dev-1' is full: it fits 1 more replicas of this size"] },
  ],
};

function apis(routes: Record<string, (init?: RequestInit) => { status: number; body: unknown }>) {
  const fetchApi = {
    fetch: jest.fn(async (url: string, init?: RequestInit) => {
      // routes are matched without the query: lists are read a page at a time (?limit=&cursor=)
      const key = `${init?.method ?? 'GET'} ${String(url).split('?')[0]}`;
      const route = routes[key];
      const { status, body } = route ? route(init) : { status: 404, body: { error: { name: 'NotFoundError', message: 'Not found' } } };
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    }),
  };
  const discoveryApi = { getBaseUrl: async (plugin: string) => `http://backend/api/${plugin}` };
  return [
    [fetchApiRef, fetchApi],
    [discoveryApiRef, discoveryApi],
  ] as const;
}

jest.setTimeout(60_000);

describe('EvacuationPage', () => {
  it('tells users who are not platform admins that it is not for them', async () => {
    await renderInTestApp(
      <TestApiProvider apis={apis({}) as any}>
        <EvacuationPage />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Cell evacuation is for platform admins.')).toBeInTheDocument();
  });

  it('shows the plan before it runs, and the server’s refusal as sent', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={
          apis({
            'GET http://backend/api/slb/evacuations': () => ({ status: 200, body: { items: [] } }),
            'GET http://backend/api/cells/regions': () => ({ status: 200, body: { items: [{ name: 'dev', cells: [{ name: 'dev-1' }, { name: 'dev-2' }] }] } }),
            'POST http://backend/api/slb/evacuations/plan': init => ({ status: 200, body: { ...plan, cell: JSON.parse(String(init?.body)).cell } }),
            'POST http://backend/api/slb/evacuations': () => ({
              status: 409,
              body: { error: { name: 'ConflictError', message: "cell 'dev-1' is already evacuated or being evacuated" }, response: { statusCode: 409 } },
            }),
          }) as any
        }
      >
        <EvacuationPage />
      </TestApiProvider>,
    );
    expect(await screen.findByText('No cell was evacuated yet.')).toBeInTheDocument();
    const evacuate = screen.getByRole('button', { name: /Evacuate dev-1/ });
    expect(evacuate).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Plan' }));
    const table = (await screen.findByText(/Plan: evacuate dev-1/)).closest('div')!.parentElement!.parentElement!;
    expect(within(table).getByText('dev-1: 2 → 4')).toBeInTheDocument();
    expect(within(table).getByText(/is full: it fits 1 more replicas/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Evacuate dev-1/ })).not.toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: /Evacuate dev-1/ }));
    expect(await screen.findByText("cell 'dev-1' is already evacuated or being evacuated")).toBeInTheDocument();
  });
});

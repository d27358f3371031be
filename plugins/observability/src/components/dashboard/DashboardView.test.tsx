import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import type { Dashboard } from '@cellport/plugin-observability-common';
import { ObservabilityApi, observabilityApiRef } from '../../api';
import { DashboardView } from './DashboardView';
import { formatValue } from './format';

const dashboard: Dashboard = {
  app: 'shop',
  range: '1h',
  split: 'cell',
  start: 1_800_000_000 - 3600,
  end: 1_800_000_000,
  step: 15,
  generatedAt: new Date().toISOString(),
  panels: [
    {
      id: 'requestRate',
      title: 'Request rate',
      unit: 'requestsPerSecond',
      series: [
        { labels: { cell: 'dev-1' }, points: [[1_800_000_000 - 15, 4], [1_800_000_000, 5]] },
        { labels: { cell: 'dev-2' }, points: [[1_800_000_000 - 15, 3], [1_800_000_000, 5]] },
      ],
    },
    {
      id: 'errorRatio',
      title: 'Error ratio (5xx)',
      unit: 'ratio',
      series: [],
      empty: { reason: 'no-traffic', message: 'The app received no requests in this time range' },
    },
  ],
};

function api(overrides: Partial<ObservabilityApi>): ObservabilityApi {
  return { getDashboard: jest.fn(async () => dashboard), ...overrides } as any;
}

describe('DashboardView', () => {
  it('shows each panel, and why an empty one is empty', async () => {
    const mock = api({});
    await renderInTestApp(
      <TestApiProvider apis={[[observabilityApiRef, mock]]}>
        <DashboardView app="shop" />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Request rate')).toBeInTheDocument();
    expect(screen.getByText('No traffic')).toBeInTheDocument();
    expect(
      screen.getByText('The app received no requests in this time range'),
    ).toBeInTheDocument();
    expect(mock.getDashboard).toHaveBeenCalledWith('shop', { range: '1h', split: 'cell' });
  });

  it("shows the server's message when the dashboard cannot be read", async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotFoundError', message: "App 'shop' not found" },
          response: { statusCode: 404 },
        }),
        { status: 404, headers: { 'content-type': 'application/json' } },
      ),
    );
    await renderInTestApp(
      <TestApiProvider
        apis={[[observabilityApiRef, api({ getDashboard: async () => Promise.reject(error) })]]}
      >
        <DashboardView app="shop" />
      </TestApiProvider>,
    );
    expect(await screen.findByText("App 'shop' not found")).toBeInTheDocument();
  });
});

describe('formatValue', () => {
  it('formats each unit', () => {
    expect(formatValue(12.345, 'requestsPerSecond')).toBe('12.3 req/s');
    expect(formatValue(0.0123, 'ratio')).toBe('1.23%');
    expect(formatValue(0.25, 'seconds')).toBe('250 ms');
    expect(formatValue(50 * 1024 * 1024, 'bytes')).toBe('50.0 MiB');
    expect(formatValue(0.005, 'cores')).toBe('5 m');
  });
});

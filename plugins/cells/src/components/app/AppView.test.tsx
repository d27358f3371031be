import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import {
  mockCellsApi,
  paymentsVersions,
  release,
  REPORTER_PERMISSIONS,
  spec,
  step,
} from '../../__testUtils__/fixtures';
import { renderWithCellsApi } from '../../__testUtils__/render';
import { ERROR_RATIO_QUERY } from './releases/plan';
import { AppView } from './AppView';

jest.setTimeout(60_000);

function Location() {
  return <div data-testid="location">{useLocation().pathname}</div>;
}

function renderApp(
  api: ReturnType<typeof mockCellsApi>,
  at = '/apps/payments',
) {
  return renderWithCellsApi(
    <>
      <AppView name="payments" />
      <Location />
    </>,
    { api, path: '/apps/:app/*', at },
  );
}

const v3 = {
  ...paymentsVersions[0],
  name: 'v3',
  spec: spec('registry.test:5000/payments/api:3.0.0'),
};

describe('AppView', () => {
  it('shows the app, the header actions and tabs an Owner may use', async () => {
    const api = mockCellsApi();
    await renderApp(api);
    const header = await screen.findByTestId('app-header');
    expect(within(header).getByText('payments')).toBeInTheDocument();
    expect(within(header).getByText('production')).toBeInTheDocument();
    expect(within(header).getByText('current version v2')).toBeInTheDocument();
    expect(within(header).getByText('drifted cells')).toBeInTheDocument();
    expect(
      within(header).getByRole('button', { name: 'New version' }),
    ).toBeInTheDocument();
    expect(
      within(header).getByRole('button', { name: 'Start release' }),
    ).toBeInTheDocument();
    for (const tab of [
      'Overview',
      'Releases',
      'Pods',
      'Events',
      'Members',
      'Settings',
    ]) {
      expect(screen.getByRole('tab', { name: tab })).toBeInTheDocument();
    }
    // the overview tab: the matrix
    expect(await screen.findByTestId('drifted-dev-2')).toBeInTheDocument();
    expect(api.getAppPermissions).toHaveBeenCalledWith('payments');
  });

  it('shows a Reporter no action', async () => {
    const api = mockCellsApi({
      getAppPermissions: jest.fn(async () => REPORTER_PERMISSIONS),
    });
    await renderApp(api);
    const header = await screen.findByTestId('app-header');
    await screen.findByTestId('drifted-dev-2');
    expect(within(header).queryByRole('button')).toBeNull();
    expect(
      screen.queryByRole('button', { name: /New version|Scale|Remove/ }),
    ).toBeNull();
  });

  it('says so when the app is not there or not visible', async () => {
    const notFound = Object.assign(new Error('no app'), {
      response: { status: 404 },
    });
    const api = mockCellsApi({
      getApp: jest.fn(async () => {
        throw notFound;
      }),
    });
    await renderApp(api);
    expect(await screen.findByTestId('app-missing')).toHaveTextContent(
      'does not exist, or you are not one of its members',
    );
  });

  it('starts a release with the default plan and its error-ratio gate, then follows it live', async () => {
    let polls = 0;
    let started = false;
    const running = release({
      steps: [
        step(0, { state: 'progressing', targets: { 'dev-1': 1 } }),
        step(1),
      ],
    });
    const done = release({
      state: 'succeeded',
      currentStep: 1,
      steps: [step(0, { state: 'succeeded' }), step(1, { state: 'succeeded' })],
      finishedAt: '2026-01-01T10:05:00.000Z',
    });
    const api = mockCellsApi({
      listVersions: jest.fn(async () => [v3, ...paymentsVersions]),
      startRelease: jest.fn(async () => {
        started = true;
        return running;
      }),
      listReleases: jest.fn(async () =>
        started ? [polls > 1 ? done : running] : [],
      ),
      getRelease: jest.fn(async () => {
        polls++;
        return polls > 1 ? done : running;
      }),
    });
    await renderApp(api);
    await userEvent.click(
      within(await screen.findByTestId('app-header')).getByRole('button', {
        name: 'Start release',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText('Step 1');
    expect(
      (within(dialog).getByLabelText('Version') as HTMLSelectElement).value,
    ).toBe('v3');
    // step 1: a one-replica canary in the first cell; step 2: every cell at 100%
    expect(within(dialog).getByLabelText('Step 1 cell dev-1')).toBeChecked();
    expect(
      within(dialog).getByLabelText('Step 1 cell dev-2'),
    ).not.toBeChecked();
    expect(within(dialog).getByLabelText('Step 2 cell dev-3')).toBeChecked();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start release' }),
    );

    await waitFor(() => expect(api.startRelease).toHaveBeenCalled());
    expect(api.startRelease.mock.calls[0][0]).toBe('payments');
    const body = api.startRelease.mock.calls[0][1];
    expect(body.version).toBe('v3');
    expect(body.onFailure).toBe('rollback');
    expect(body.steps).toMatchObject([
      {
        cells: ['dev-1'],
        canary: { replicas: 1 },
        metrics: [
          {
            name: 'error ratio',
            query: ERROR_RATIO_QUERY,
            op: '<',
            threshold: 0.01,
          },
        ],
      },
      { cells: ['dev-1', 'dev-2', 'dev-3'], canary: { percent: 100 } },
    ]);

    // the page moves to the releases tab and follows the release without a reload
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        '/apps/payments/releases',
      ),
    );
    const timeline = await screen.findByTestId('release-timeline');
    expect(
      within(timeline).getByRole('button', { name: 'Pause' }),
    ).toBeInTheDocument();
    expect(
      within(timeline).getByRole('button', { name: 'Promote' }),
    ).toBeInTheDocument();
    expect(
      within(timeline).getByLabelText('Step 1 progress'),
    ).toBeInTheDocument();
    await waitFor(
      () =>
        expect(
          within(screen.getByTestId('release-timeline')).getAllByText(
            'succeeded',
          ),
        ).toHaveLength(3),
      { timeout: 20_000 },
    );
    expect(
      within(screen.getByTestId('release-timeline')).queryByRole('button'),
    ).toBeNull();
    expect(api.getRelease.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it('disables Start release, saying why, while a release is paused', async () => {
    const api = mockCellsApi({
      listReleases: jest.fn(async () => [release({ state: 'paused' })]),
    });
    await renderApp(api);
    const header = await screen.findByTestId('app-header');
    await waitFor(() =>
      expect(
        within(header).getByRole('button', { name: 'Start release' }),
      ).toBeDisabled(),
    );
    expect(
      within(header).getByTestId('start-release-blocked-reason'),
    ).toHaveTextContent(
      'The release of v3 is paused: resume or abort it before starting another.',
    );
  });
});

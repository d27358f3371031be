import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ERROR_RATIO_QUERY } from '@cellport/plugin-cells-common';
import {
  mockCellsApi,
  paymentsApp,
  release,
} from '../../../__testUtils__/fixtures';
import { people, renderWithCellsApi } from '../../../__testUtils__/render';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { slbApiRef } from '@cellport/plugin-slb-react';
import { cellsApiRef } from '../../../api';
import { StartReleaseDialog } from './StartReleaseDialog';

jest.setTimeout(60_000);

async function renderDialog(
  api = mockCellsApi(),
  version?: string,
  extra: {
    app?: typeof paymentsApp;
    liveRelease?: ReturnType<typeof release>;
  } = {},
) {
  const onStarted = jest.fn();
  await renderWithCellsApi(
    <StartReleaseDialog
      open
      app={extra.app ?? paymentsApp}
      liveRelease={extra.liveRelease}
      version={version}
      onClose={() => {}}
      onStarted={onStarted}
    />,
    { api },
  );
  const dialog = await screen.findByRole('dialog');
  await within(dialog).findByText(/Step 1|Every cell serves/);
  return { dialog, onStarted };
}

describe('StartReleaseDialog', () => {
  it('refuses a plan that leaves a cell short of 100%, naming the cell', async () => {
    const { dialog } = await renderDialog();
    const start = within(dialog).getByRole('button', { name: 'Start release' });
    expect(start).toBeEnabled();
    await userEvent.click(within(dialog).getByLabelText('Step 2 cell dev-1'));
    expect(within(dialog).getByTestId('plan-problems')).toHaveTextContent(
      'Every cell the plan names must reach 100% in some step: dev-1.',
    );
    expect(start).toBeDisabled();
    await userEvent.click(within(dialog).getByLabelText('Step 2 cell dev-1'));
    expect(within(dialog).queryByTestId('plan-problems')).toBeNull();
  });

  it('edits steps and gates and sends them, with pause on failure', async () => {
    const api = mockCellsApi();
    const { dialog, onStarted } = await renderDialog(api, 'v1');
    expect(
      (within(dialog).getByLabelText('Version') as HTMLSelectElement).value,
    ).toBe('v1');
    await userEvent.selectOptions(
      within(dialog).getByLabelText('When a gate fails'),
      'pause',
    );
    const bake = within(dialog).getAllByLabelText('Bake s')[0];
    await userEvent.clear(bake);
    await userEvent.type(bake, '30');
    await userEvent.selectOptions(
      within(dialog).getAllByLabelText('Then')[0],
      'manual',
    );
    await userEvent.click(
      within(dialog).getAllByRole('button', {
        name: '+ p99 latency < 300 ms',
      })[1],
    );
    await userEvent.click(
      within(dialog).getAllByRole('button', { name: '+ Custom gate' })[1],
    );
    // a custom gate needs a name and a query
    expect(within(dialog).getByTestId('plan-problems')).toHaveTextContent(
      'Step 2, metric gate 2: name and query are required.',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Remove gate unnamed' }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add step' }),
    );
    expect(within(dialog).getByText('Step 3')).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Remove step 3' }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start release' }),
    );

    await waitFor(() => expect(api.startRelease).toHaveBeenCalledTimes(1));
    const body = api.startRelease.mock.calls[0][1];
    expect(body).toMatchObject({ version: 'v1', onFailure: 'pause' });
    expect(body.steps).toHaveLength(2);
    // the default canary step is gated by the error-ratio preset, unedited
    expect(body.steps[0]).toMatchObject({
      bakeSeconds: 30,
      approval: 'manual',
      metrics: [
        expect.objectContaining({
          name: 'error ratio',
          query: ERROR_RATIO_QUERY,
          threshold: 0.01,
        }),
      ],
    });
    expect(body.steps[1].metrics).toEqual([
      expect.objectContaining({
        name: 'p99 latency ms',
        op: '<',
        threshold: 300,
      }),
    ]);
    await waitFor(() => expect(onStarted).toHaveBeenCalled());
  });

  it('preselects the newest version the cells do not all serve, never the current one', async () => {
    const app = {
      ...paymentsApp,
      cells: paymentsApp.cells.map(c => ({
        ...c,
        stableVersion: 'v2',
        drifted: false,
      })),
    };
    const { dialog } = await renderDialog(mockCellsApi(), undefined, { app });
    const select = within(dialog).getByLabelText(
      'Version',
    ) as HTMLSelectElement;
    expect(select.value).toBe('v1');
    const serving = within(select).getByRole('option', { name: /^v2 / });
    expect(serving).toBeDisabled();
    expect(serving).toHaveTextContent('serving now');
  });

  it('says there is nothing to release when every cell serves the only version', async () => {
    const app = {
      ...paymentsApp,
      cells: paymentsApp.cells.map(c => ({
        ...c,
        stableVersion: 'v2',
        drifted: false,
      })),
    };
    const api = mockCellsApi({
      listVersions: jest.fn(async () => [
        {
          app: 'payments',
          name: 'v2',
          spec: {} as any,
          createdBy: 'user:default/alice',
          createdAt: '2026-01-01T10:00:00.000Z',
        },
      ]),
    });
    const { dialog } = await renderDialog(api, undefined, { app });
    expect(within(dialog).getByTestId('nothing-to-release')).toHaveTextContent(
      'Every cell serves v2 already: create a new version to release.',
    );
    expect(
      within(dialog).getByRole('button', { name: 'Start release' }),
    ).toBeDisabled();
  });

  it('is disabled with the reason while another release is paused', async () => {
    const { dialog } = await renderDialog(mockCellsApi(), undefined, {
      liveRelease: release({ state: 'paused' }),
    });
    expect(
      within(dialog).getByTestId('start-release-blocked'),
    ).toHaveTextContent(
      'The release of v3 is paused: resume or abort it before starting another.',
    );
    expect(
      within(dialog).getByRole('button', { name: 'Start release' }),
    ).toBeDisabled();
  });

  it('plans no metric gate where no Prometheus gate source is configured', async () => {
    const api = mockCellsApi({ listGateSources: jest.fn(async () => []) });
    const { dialog } = await renderDialog(api);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start release' }),
    );
    await waitFor(() => expect(api.startRelease).toHaveBeenCalledTimes(1));
    expect(api.startRelease.mock.calls[0][1].steps[0].metrics).toEqual([]);
  });

  it('shows the server refusal, e.g. another release running', async () => {
    const api = mockCellsApi({
      startRelease: jest.fn(async () => {
        throw new Error('release r-0 of payments is still running');
      }),
    });
    const { dialog } = await renderDialog(api);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start release' }),
    );
    expect(
      await within(dialog).findByTestId('start-release-error'),
    ).toHaveTextContent('release r-0 of payments is still running');
  });
});

describe('StartReleaseDialog traffic share', () => {
  async function renderWithDomains(domains: string[] | undefined) {
    const api = mockCellsApi();
    const slb = {
      listDomains: jest.fn(async () =>
        (domains ?? []).map(name => ({
          domain: { name },
          cname: 'c',
          vip: 'v',
        })),
      ),
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [cellsApiRef, api],
          [catalogApiRef, catalogApiMock({ entities: people })],
          ...(domains ? ([[slbApiRef, slb]] as const) : []),
        ]}
      >
        <StartReleaseDialog
          open
          app={paymentsApp}
          version="v1"
          onClose={() => {}}
          onStarted={() => {}}
        />
      </TestApiProvider>,
    );
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText('Step 1');
    return { api, dialog, slb };
  }

  it('is not offered without the slb plugin', async () => {
    const none = await renderWithDomains(undefined);
    expect(within(none.dialog).queryAllByLabelText('Traffic %')).toHaveLength(
      0,
    );
  });

  it('is not offered for an app without a domain', async () => {
    const empty = await renderWithDomains([]);
    await waitFor(() =>
      expect(empty.slb.listDomains).toHaveBeenCalledWith(paymentsApp.name),
    );
    expect(within(empty.dialog).queryAllByLabelText('Traffic %')).toHaveLength(
      0,
    );
  });

  it('is offered per step when the app has a domain, checked 0-100 and sent', async () => {
    const { api, dialog } = await renderWithDomains(['payments.example.com']);
    const fields = await within(dialog).findAllByLabelText('Traffic %');
    expect(fields).toHaveLength(2);
    await userEvent.type(fields[0], '150');
    expect(within(dialog).getByTestId('plan-problems')).toHaveTextContent(
      'trafficPercent must be from 0 to 100',
    );
    await userEvent.clear(fields[0]);
    await userEvent.type(fields[0], '10');
    expect(within(dialog).queryByTestId('plan-problems')).toBeNull();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start release' }),
    );
    await waitFor(() => expect(api.startRelease).toHaveBeenCalledTimes(1));
    const body = api.startRelease.mock.calls[0][1];
    expect(body.steps[0].trafficPercent).toBe(10);
    expect('trafficPercent' in body.steps[1]).toBe(false);
  });
});

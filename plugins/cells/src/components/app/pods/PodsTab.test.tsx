import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockCellsApi,
  paymentsOverview,
  REPORTER_PERMISSIONS,
} from '../../../__testUtils__/fixtures';
import { renderAppTab } from '../../../__testUtils__/render';
import { PodsTab } from './PodsTab';

jest.setTimeout(60_000);

/** No refresh while a test works on a row: a refresh replaces the rows (and a clicked button). */
const NO_REFRESH = 600_000;

/**
 * The open log dialog, found by its title: a role query over the whole page (a table of pods
 * behind the dialog) takes seconds per try in jsdom on a loaded machine.
 */
async function findLogDialog(): Promise<HTMLElement> {
  const title = await screen.findByText(/^Log of payments-v2-abc12/);
  return title.closest<HTMLElement>('[role="dialog"]')!;
}

describe('PodsTab', () => {
  it('lists the pods of every cell, warns about the unreachable one, and opens a log', async () => {
    const api = mockCellsApi({
      getOverview: jest.fn(async () => ({
        ...paymentsOverview,
        cells: paymentsOverview.cells.map(c =>
          c.cell === 'dev-1'
            ? {
                ...c,
                pods: [
                  { ...c.pods[0], containers: ['app', 'sidecar'], restarts: 2 },
                ],
              }
            : c,
        ),
      })),
    });
    await renderAppTab(<PodsTab pollMs={NO_REFRESH} />, { api });
    const row = (await screen.findByText('payments-v2-abc12')).closest('tr')!;
    for (const text of [
      'dev-1',
      'v2',
      '127.1.0.5',
      'dev-1-node-1',
      'Running',
      'yes',
      '2',
    ]) {
      expect(within(row).getByText(text)).toBeInTheDocument();
    }
    // when the pod started, relative to now, the absolute time on hover
    const started = within(row).getByText(/ ago$/);
    expect(started.tagName).toBe('TIME');
    expect(started.getAttribute('aria-label')).toMatch(/20\d\d/);
    expect(
      screen.getByText(/Cell dev-3 is unreachable: its pods are not listed/),
    ).toBeInTheDocument();

    await userEvent.click(
      within(row).getByRole('button', { name: 'Logs of payments-v2-abc12' }),
    );
    const dialog = await findLogDialog();
    await waitFor(() =>
      expect(api.getPodLog).toHaveBeenCalledWith(
        'payments',
        'dev-1',
        'payments-v2-abc12',
        { container: 'app', previous: false, tailLines: 2000 },
      ),
    );
    await userEvent.selectOptions(
      within(dialog).getByLabelText('Container'),
      'sidecar',
    );
    await userEvent.click(within(dialog).getByLabelText('Previous container'));
    await waitFor(() =>
      expect(api.getPodLog).toHaveBeenLastCalledWith(
        'payments',
        'dev-1',
        'payments-v2-abc12',
        { container: 'sidecar', previous: true, tailLines: 2000 },
      ),
    );
    // follow is for the running container only
    expect(within(dialog).getByLabelText('Follow')).toBeDisabled();
  });

  it('follows a log by fetching it again', async () => {
    const api = mockCellsApi();
    await renderAppTab(<PodsTab pollMs={NO_REFRESH} />, { api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Logs of payments-v2-abc12' }),
    );
    const dialog = await findLogDialog();
    await waitFor(() => expect(api.getPodLog).toHaveBeenCalledTimes(1));
    await userEvent.click(within(dialog).getByLabelText('Follow'));
    await waitFor(() => expect(api.getPodLog).toHaveBeenCalledTimes(2), {
      timeout: 10_000,
    });
  });

  it('shows the log error', async () => {
    const api = mockCellsApi({
      getPodLog: jest.fn(async () => {
        throw new Error('previous terminated container "app" not found');
      }),
    });
    await renderAppTab(<PodsTab pollMs={NO_REFRESH} />, { api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Logs of payments-v2-abc12' }),
    );
    expect(await screen.findByTestId('log-error')).toHaveTextContent(
      'previous terminated container',
    );
  });

  it('offers no log to users who may not read them', async () => {
    const api = mockCellsApi();
    await renderAppTab(<PodsTab pollMs={NO_REFRESH} />, {
      api,
      permissions: { ...REPORTER_PERMISSIONS, logs: false },
    });
    await screen.findByText('payments-v2-abc12');
    expect(screen.queryByRole('button', { name: /Logs of/ })).toBeNull();
  });
});

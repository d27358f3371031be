import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockCellsApi, paymentsApp } from '../../../__testUtils__/fixtures';
import { renderWithCellsApi } from '../../../__testUtils__/render';
import { StartReleaseDialog } from './StartReleaseDialog';

jest.setTimeout(60_000);

async function renderDialog(api = mockCellsApi(), version?: string) {
  const onStarted = jest.fn();
  await renderWithCellsApi(
    <StartReleaseDialog
      open
      app={paymentsApp}
      version={version}
      onClose={() => {}}
      onStarted={onStarted}
    />,
    { api },
  );
  const dialog = await screen.findByRole('dialog');
  await within(dialog).findByText('Step 1');
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
    expect(body.steps[0]).toMatchObject({
      bakeSeconds: 30,
      approval: 'manual',
      metrics: [],
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

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { App } from '@cellport/plugin-cells-common';
import { mockCellsApi } from '../../../__testUtils__/fixtures';
import { renderWithCellsApi } from '../../../__testUtils__/render';
import { AddCellDialog, defaultVersion } from './AddCellDialog';

jest.setTimeout(60_000);

/** An app in dev-1 only, serving v1 (v2 autoscales). */
const app: App = {
  name: 'payments',
  production: false,
  region: 'dev',
  cells: [{ cell: 'dev-1', stableVersion: 'v1', drifted: false }],
  currentVersion: 'v1',
  createdBy: 'user:default/alice',
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('AddCellDialog', () => {
  it('defaults to the version the app serves', () => {
    expect(defaultVersion(app)).toBe('v1');
    expect(
      defaultVersion({ ...app, currentVersion: undefined }),
    ).toBe('v1');
    expect(defaultVersion({ ...app, currentVersion: undefined, cells: [] })).toBe(
      '',
    );
  });

  it("offers the region's other cells, adds one with the version and replicas, and shows a refusal as sent", async () => {
    const api = mockCellsApi();
    api.addAppCell
      .mockRejectedValueOnce(new Error("cell 'dev-2' is unreachable; nothing was changed"))
      .mockImplementationOnce(async (_app, request) => ({
        ...app,
        cells: [...app.cells, { cell: request.cell, drifted: false }],
      }));
    const onAdded = jest.fn();
    await renderWithCellsApi(
      <AddCellDialog
        open
        app={app}
        onClose={() => {}}
        onAdded={onAdded}
      />,
      { api },
    );
    const dialog = await screen.findByRole('dialog');
    const cell = within(dialog).getByLabelText('Cell') as HTMLSelectElement;
    await waitFor(() => expect(cell.value).toBe('dev-2'));
    // dev-1 is the app's; prod-1 is another region's
    expect(
      within(cell)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['dev-2', 'dev-3']);
    // every version of the app is offered, read when the dialog opens
    await waitFor(() =>
      expect(
        (within(dialog).getByLabelText('Version') as HTMLSelectElement).value,
      ).toBe('v1'),
    );
    expect(api.listVersions).toHaveBeenCalledWith('payments');
    const replicas = within(dialog).getByLabelText('Replicas');
    await userEvent.clear(replicas);
    await userEvent.type(replicas, '3');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add cell' }));
    expect(
      await within(dialog).findByText(
        "cell 'dev-2' is unreachable; nothing was changed",
      ),
    ).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add cell' }));
    await waitFor(() => expect(onAdded).toHaveBeenCalled());
    expect(api.addAppCell).toHaveBeenLastCalledWith('payments', {
      cell: 'dev-2',
      version: 'v1',
      replicas: 3,
    });
  });

  it('leaves replicas out for an autoscaled version', async () => {
    const api = mockCellsApi();
    await renderWithCellsApi(
      <AddCellDialog
        open
        app={app}
        onClose={() => {}}
        onAdded={() => {}}
      />,
      { api },
    );
    const dialog = await screen.findByRole('dialog');
    await waitFor(() =>
      expect(
        (within(dialog).getByLabelText('Cell') as HTMLSelectElement).value,
      ).toBe('dev-2'),
    );
    await within(dialog).findByRole('option', { name: 'v2' });
    await userEvent.selectOptions(within(dialog).getByLabelText('Version'), 'v2');
    expect(within(dialog).queryByLabelText('Replicas')).toBeNull();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add cell' }));
    await waitFor(() =>
      expect(api.addAppCell).toHaveBeenCalledWith('payments', {
        cell: 'dev-2',
        version: 'v2',
      }),
    );
  });
});

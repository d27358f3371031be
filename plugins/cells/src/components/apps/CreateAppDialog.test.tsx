import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { App } from '@cellport/plugin-cells-common';
import { ledgerApp, mockCellsApi } from '../../__testUtils__/fixtures';
import { renderWithCellsApi } from '../../__testUtils__/render';
import { appNameProblem, productionProblem } from './CreateAppDialog';
import { AppsHome } from './AppsHome';

jest.setTimeout(60_000);

async function openDialog(api = mockCellsApi()) {
  await renderWithCellsApi(<AppsHome />, { api });
  await userEvent.click(
    await screen.findByRole('button', { name: 'Create app' }),
  );
  const dialog = await screen.findByRole('dialog');
  await within(dialog).findByLabelText('Cell dev-1');
  return { api, dialog };
}

describe('CreateAppDialog', () => {
  it('checks names as DNS labels and production apps for two cells', () => {
    expect(appNameProblem('')).toBeUndefined();
    expect(appNameProblem('checkout-2')).toBeUndefined();
    expect(appNameProblem('Checkout')).toMatch(/DNS-1123 label/);
    expect(appNameProblem('a'.repeat(31))).toMatch(/at most 30/);
    expect(productionProblem(true, ['dev-1'])).toMatch(/at least two cells/);
    expect(productionProblem(true, ['dev-1', 'dev-2'])).toBeUndefined();
    expect(productionProblem(false, ['dev-1'])).toBeUndefined();
  });

  it('validates as the user types and marks simulated and unreachable cells', async () => {
    const { dialog, api } = await openDialog();
    const create = within(dialog).getByRole('button', { name: 'Create app' });
    expect(create).toBeDisabled();

    const name = within(dialog).getByLabelText(/^Name/);
    await userEvent.type(name, 'Bad_Name');
    expect(
      within(dialog).getByText(/must be a DNS-1123 label/),
    ).toBeInTheDocument();
    await userEvent.clear(name);
    await userEvent.type(name, 'checkout');
    expect(within(dialog).queryByText(/must be a DNS-1123 label/)).toBeNull();
    expect(
      within(dialog).getByText(/it becomes the namespace in every cell/),
    ).toBeInTheDocument();

    // region dev: two simulated cells and an unreachable one that cannot be chosen
    expect(within(dialog).getAllByText('simulated')).toHaveLength(2);
    expect(within(dialog).getByTestId('unreachable-dev-3')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Cell dev-3')).toBeDisabled();
    expect(create).toBeDisabled(); // no cell yet

    await userEvent.click(within(dialog).getByLabelText('Cell dev-1'));
    expect(create).toBeEnabled();
    await userEvent.click(within(dialog).getByLabelText('Production app'));
    expect(
      within(dialog).getByText(
        'A production app runs in at least two cells of its region.',
      ),
    ).toBeInTheDocument();
    expect(create).toBeDisabled();
    await userEvent.click(within(dialog).getByLabelText('Cell dev-2'));
    expect(create).toBeEnabled();

    // another region offers its own cells
    await userEvent.selectOptions(
      within(dialog).getByLabelText('Region'),
      'prod',
    );
    expect(within(dialog).getByLabelText('Cell prod-1')).toBeInTheDocument();
    expect(within(dialog).queryByLabelText('Cell dev-1')).toBeNull();
    expect(create).toBeDisabled();
    expect(api.createApp).not.toHaveBeenCalled();
  });

  it('shows progress while creating, then the server refusal', async () => {
    let reject: (e: Error) => void = () => {};
    const api = mockCellsApi({
      createApp: jest.fn(
        () =>
          new Promise<App>((_, r) => {
            reject = r;
          }),
      ),
    });
    const { dialog } = await openDialog(api);
    await userEvent.type(within(dialog).getByLabelText(/^Name/), 'checkout');
    await userEvent.type(
      within(dialog).getByLabelText('Description'),
      'Shop checkout',
    );
    await userEvent.click(within(dialog).getByLabelText('Cell dev-1'));
    await userEvent.click(within(dialog).getByLabelText('Cell dev-2'));
    await userEvent.click(within(dialog).getByLabelText('Production app'));
    await userEvent.type(
      within(dialog).getByLabelText('Catalog component'),
      'component:default/checkout',
    );
    await userEvent.type(
      within(dialog).getByLabelText('Image repository'),
      'shop/checkout',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create app' }),
    );

    expect(
      await within(dialog).findByText(
        /Creating the namespace, service and pull secret in dev-1, dev-2/,
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('progressbar')).toBeInTheDocument();
    expect(api.createApp).toHaveBeenCalledWith({
      name: 'checkout',
      description: 'Shop checkout',
      componentRef: 'component:default/checkout',
      imageRepository: 'shop/checkout',
      production: true,
      cells: ['dev-1', 'dev-2'],
    });

    reject(new Error("app name 'checkout' is taken"));
    expect(
      await within(dialog).findByTestId('create-app-error'),
    ).toHaveTextContent("app name 'checkout' is taken");
    expect(
      within(dialog).getByRole('button', { name: 'Create app' }),
    ).toBeEnabled();
  });

  it('opens the new app once it is created', async () => {
    const api = mockCellsApi({
      createApp: jest.fn(async () => ({ ...ledgerApp, name: 'checkout' })),
    });
    const { dialog } = await openDialog(api);
    await userEvent.type(within(dialog).getByLabelText(/^Name/), 'checkout');
    await userEvent.click(within(dialog).getByLabelText('Cell dev-1'));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create app' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.listAppsPage).toHaveBeenCalledTimes(2);
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ledgerApp, mockCellsApi } from '../../__testUtils__/fixtures';
import { renderWithCellsApi } from '../../__testUtils__/render';
import { AppsHome, APPS_PAGE_SIZE } from './AppsHome';

jest.setTimeout(60_000);

describe('AppsHome', () => {
  it('lists my apps with region, cells and stable versions, current version, drift and component', async () => {
    const api = mockCellsApi();
    await renderWithCellsApi(<AppsHome />, { api });
    const link = await screen.findByTestId('app-link-payments');
    expect(link).toHaveAttribute('href', '/payments');
    const row = link.closest('tr')!;
    expect(within(row).getByText('production')).toBeInTheDocument();
    expect(within(row).getByText('dev')).toBeInTheDocument();
    expect(within(row).getByText('dev-1: v2')).toBeInTheDocument();
    expect(within(row).getByText('dev-2: v1')).toBeInTheDocument();
    expect(within(row).getByText('v2')).toBeInTheDocument();
    expect(within(row).getByTestId('app-drifted-payments')).toHaveTextContent(
      'drifted: dev-2',
    );
    expect(
      within(row).getByRole('link', { name: /payments-api/ }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api');

    const ledger = screen.getByTestId('app-link-ledger').closest('tr')!;
    expect(within(ledger).getByText('dev-1: none')).toBeInTheDocument();
    expect(within(ledger).queryByText(/drifted/)).toBeNull();
  });

  it('searches by name on the server, so apps past the first page are found', async () => {
    const api = mockCellsApi();
    await renderWithCellsApi(<AppsHome />, { api });
    await screen.findByTestId('app-link-ledger');
    await userEvent.type(screen.getByLabelText('Search apps by name'), 'pay');
    await waitFor(() =>
      expect(screen.queryByTestId('app-link-ledger')).toBeNull(),
    );
    expect(screen.getByTestId('app-link-payments')).toBeInTheDocument();
    expect(api.listAppsPage).toHaveBeenLastCalledWith({
      q: 'pay',
      limit: APPS_PAGE_SIZE,
      cursor: undefined,
    });
    await userEvent.clear(screen.getByLabelText('Search apps by name'));
    await userEvent.type(
      screen.getByLabelText('Search apps by name'),
      'nothing-like-it',
    );
    expect(await screen.findByTestId('no-apps')).toBeInTheDocument();
    expect(screen.queryByTestId('getting-started')).toBeNull();
  });

  it('shows a page of apps and the next one on "Show more apps", each app once', async () => {
    const many = Array.from({ length: APPS_PAGE_SIZE + 5 }, (_, i) => ({
      ...ledgerApp,
      name: `app-${String(i).padStart(2, '0')}`,
    }));
    const api = mockCellsApi({ listApps: jest.fn(async () => many) });
    await renderWithCellsApi(<AppsHome />, { api });
    await screen.findByTestId('app-link-app-00');
    expect(screen.getAllByTestId(/^app-link-/)).toHaveLength(APPS_PAGE_SIZE);
    expect(screen.queryByTestId('app-link-app-25')).toBeNull();
    expect(
      screen.getByText(`Showing the first ${APPS_PAGE_SIZE} apps`),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('apps-show-more'));
    await screen.findByTestId('app-link-app-29');
    expect(
      screen.getAllByTestId(/^app-link-/).map(a => a.textContent),
    ).toEqual(many.map(a => a.name));
    expect(screen.queryByTestId('apps-show-more')).toBeNull();
    expect(api.listAppsPage).toHaveBeenLastCalledWith({
      q: undefined,
      limit: APPS_PAGE_SIZE,
      cursor: String(APPS_PAGE_SIZE),
    });
  });

  it("shows a failed next page's message and keeps the apps read", async () => {
    const many = Array.from({ length: APPS_PAGE_SIZE + 1 }, (_, i) => ({
      ...ledgerApp,
      name: `app-${String(i).padStart(2, '0')}`,
    }));
    const api = mockCellsApi({ listApps: jest.fn(async () => many) });
    await renderWithCellsApi(<AppsHome />, { api });
    await screen.findByTestId('app-link-app-00');
    api.listAppsPage.mockRejectedValueOnce(
      new Error('invalid cursor: pass the nextCursor of a previous page'),
    );
    await userEvent.click(screen.getByTestId('apps-show-more'));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'invalid cursor: pass the nextCursor of a previous page',
    );
    expect(screen.getAllByTestId(/^app-link-/)).toHaveLength(APPS_PAGE_SIZE);
    await userEvent.click(screen.getByTestId('apps-show-more'));
    await screen.findByTestId('app-link-app-25');
  });

  it('guides a user without apps to a first deploy, with an image the simulated cells run', async () => {
    const api = mockCellsApi({ listApps: jest.fn(async () => []) });
    await renderWithCellsApi(<AppsHome />, { api });
    const guide = await screen.findByTestId('getting-started');
    expect(
      within(guide).getByText('Deploy your first app'),
    ).toBeInTheDocument();
    expect(
      await within(guide).findByTestId('simulated-image-hint'),
    ).toHaveTextContent(
      'The cells dev-1, dev-2 are simulated: they pull nothing and run the simulated app whatever the image, so any reference works, e.g. registry.k8s.io/e2e-test-images/agnhost:2.47.',
    );
    await userEvent.click(
      within(guide).getByRole('button', { name: 'Create your first app' }),
    );
    expect(await screen.findByRole('dialog')).toHaveTextContent('Create');
  });

  it('shows no guide to a user who has apps', async () => {
    await renderWithCellsApi(<AppsHome />, { api: mockCellsApi() });
    await screen.findByTestId('app-link-payments');
    expect(screen.queryByTestId('getting-started')).toBeNull();
  });

  it('shows an error when the apps cannot be loaded', async () => {
    const api = mockCellsApi({
      listApps: jest.fn(async () => {
        throw new Error('cells backend down');
      }),
    });
    await renderWithCellsApi(<AppsHome />, { api });
    expect(
      await screen.findByText(/Could not load your apps/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/cells backend down/).length).toBeGreaterThan(0);
  });
});

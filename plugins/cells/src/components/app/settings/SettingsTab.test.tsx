import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockCellsApi,
  REPORTER_PERMISSIONS,
} from '../../../__testUtils__/fixtures';
import { renderAppTab } from '../../../__testUtils__/render';
import { SettingsTab } from './SettingsTab';

jest.setTimeout(60_000);

describe('SettingsTab', () => {
  it('saves the settings with PATCH semantics (cleared fields become null)', async () => {
    const api = mockCellsApi();
    const refresh = jest.fn();
    await renderAppTab(<SettingsTab onDeleted={() => {}} />, { api, refresh });
    const description = screen.getByLabelText('Description');
    await userEvent.clear(description);
    await userEvent.type(description, 'Card payments and refunds');
    await userEvent.clear(screen.getByLabelText('Image repository'));
    await userEvent.click(
      screen.getByRole('button', { name: 'Save settings' }),
    );
    await waitFor(() =>
      expect(api.updateApp).toHaveBeenCalledWith('payments', {
        description: 'Card payments and refunds',
        componentRef: 'component:default/payments-api',
        imageRepository: null,
      }),
    );
    expect(await screen.findByText('Settings saved.')).toBeInTheDocument();
    expect(refresh).toHaveBeenCalled();
  });

  it('deletes the app only once its name is typed', async () => {
    const api = mockCellsApi();
    const onDeleted = jest.fn();
    await renderAppTab(<SettingsTab onDeleted={onDeleted} />, { api });
    const button = screen.getByRole('button', { name: 'Delete app' });
    expect(button).toBeDisabled();
    await userEvent.type(screen.getByLabelText('App name'), 'payment');
    expect(button).toBeDisabled();
    await userEvent.type(screen.getByLabelText('App name'), 's');
    expect(button).toBeEnabled();
    await userEvent.click(button);
    await waitFor(() => expect(onDeleted).toHaveBeenCalled());
    expect(api.deleteApp).toHaveBeenCalledWith('payments');
  });

  it('is read-only for users who may not update, with no delete', async () => {
    const api = mockCellsApi();
    await renderAppTab(<SettingsTab onDeleted={() => {}} />, {
      api,
      permissions: REPORTER_PERMISSIONS,
    });
    expect(screen.getByLabelText('Description')).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save settings' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete app' })).toBeNull();
  });
});

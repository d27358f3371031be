import { screen, within } from '@testing-library/react';
import {
  mockCellsApi,
  REPORTER_PERMISSIONS,
} from '../../../__testUtils__/fixtures';
import { renderAppTab } from '../../../__testUtils__/render';
import { EventsTab } from './EventsTab';

jest.setTimeout(60_000);

describe('EventsTab', () => {
  it('lists merged events and warns about cells that could not be read', async () => {
    const api = mockCellsApi({
      getEvents: jest.fn(async () => ({
        items: [
          {
            cell: 'dev-2',
            type: 'Warning',
            reason: 'BackOff',
            object: 'Pod/payments-v3-xyz',
            message: 'Back-off restarting failed container',
            count: 4,
            at: '2026-01-01T10:01:00.000Z',
          },
          {
            cell: 'dev-1',
            type: 'Normal',
            reason: 'ScalingReplicaSet',
            object: 'Deployment/payments-v3',
            message: 'Scaled up replica set payments-v3-abc to 1',
            count: 1,
            at: '2026-01-01T10:00:00.000Z',
          },
        ],
        errors: [
          { cell: 'dev-3', error: 'connect ECONNREFUSED 127.0.0.1:6445' },
        ],
      })),
    });
    await renderAppTab(<EventsTab />, { api });
    const row = (await screen.findByText('BackOff')).closest('tr')!;
    for (const text of ['dev-2', 'Warning', 'Pod/payments-v3-xyz', '4']) {
      expect(within(row).getByText(text)).toBeInTheDocument();
    }
    // the time relative to now, the absolute one on hover
    const time = within(row).getByText(/ ago$/);
    expect(time.tagName).toBe('TIME');
    expect(time.getAttribute('datetime')).toMatch(/^2026-01-01T/);
    expect(time.getAttribute('aria-label')).toMatch(/2026/);
    expect(screen.getByText('ScalingReplicaSet')).toBeInTheDocument();
    expect(
      screen.getByText(/Events of cell dev-3 could not be read/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/connect ECONNREFUSED 127.0.0.1:6445/).length,
    ).toBeGreaterThan(0);
  });

  it('tells users without the Reporter role why they see no events', async () => {
    const api = mockCellsApi();
    await renderAppTab(<EventsTab />, {
      api,
      permissions: { ...REPORTER_PERMISSIONS, events: false },
    });
    expect(
      await screen.findByText(/Reading events takes the Reporter role/),
    ).toBeInTheDocument();
    expect(api.getEvents).not.toHaveBeenCalled();
  });
});

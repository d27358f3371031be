import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockCellsApi, release, step } from '../../../__testUtils__/fixtures';
import { renderAppTab } from '../../../__testUtils__/render';
import { ReleasesTab, RELEASES_PAGE_SIZE } from './ReleasesTab';

jest.setTimeout(60_000);

describe('ReleasesTab', () => {
  it('polls a live release until it is final, then stops and reloads the app', async () => {
    const states = [
      release(),
      release({ steps: [step(0, { state: 'baking' }), step(1)] }),
      release({
        state: 'rolled-back',
        reason: 'gate error ratio failed in dev-1: 0.21 >= 0.01',
        steps: [step(0, { state: 'failed' }), step(1, { state: 'skipped' })],
      }),
    ];
    let calls = 0;
    const api = mockCellsApi({
      listReleases: jest.fn(async () => [states[Math.min(calls, 2)]]),
      getRelease: jest.fn(async () => states[Math.min(calls++, 2)]),
    });
    const refresh = jest.fn();
    await renderAppTab(<ReleasesTab pollMs={100} />, { api, refresh });

    const reason = await screen.findByTestId('release-reason', undefined, {
      timeout: 20_000,
    });
    expect(reason).toHaveTextContent('0.21 >= 0.01');
    await waitFor(() => expect(refresh).toHaveBeenCalledTimes(1));
    const settled = api.getRelease.mock.calls.length;
    expect(settled).toBeGreaterThanOrEqual(3);
    // final: no more polling (ten intervals later, still the same number of calls)
    await new Promise(resolve => setTimeout(resolve, 1000));
    expect(api.getRelease.mock.calls.length).toBe(settled);
  });

  it('lists the newest releases and older ones on "Show more releases", each once', async () => {
    const all = Array.from({ length: RELEASES_PAGE_SIZE + 2 }, (_, i) =>
      release({ id: `r-${i}`, version: `v${i}`, state: 'succeeded' }),
    );
    const api = mockCellsApi({
      listReleases: jest.fn(async () => all),
      getRelease: jest.fn(async () => all[0]),
    });
    await renderAppTab(<ReleasesTab pollMs={60_000} />, { api });
    const shown = () =>
      screen
        .getAllByRole('button', { name: /^Show release r-/ })
        .map(b => b.getAttribute('aria-label'));
    await screen.findByRole('button', { name: 'Show release r-0' });
    expect(shown()).toHaveLength(RELEASES_PAGE_SIZE);
    await userEvent.click(screen.getByTestId('releases-show-more'));
    await screen.findByRole('button', { name: `Show release r-${all.length - 1}` });
    expect(shown()).toEqual(all.map(r => `Show release ${r.id}`));
    expect(screen.queryByTestId('releases-show-more')).toBeNull();
  });

  it('sends an action and shows the refusal', async () => {
    const api = mockCellsApi({
      listReleases: jest.fn(async () => [release()]),
      getRelease: jest.fn(async () => release()),
      releaseAction: jest.fn(async () => {
        throw new Error('the release is not running');
      }),
    });
    await renderAppTab(<ReleasesTab pollMs={60_000} />, { api });
    const timeline = await screen.findByTestId('release-timeline');
    await userEvent.click(
      within(timeline).getByRole('button', { name: 'Pause' }),
    );
    expect(api.releaseAction).toHaveBeenCalledWith('payments', 'r-1', {
      action: 'pause',
    });
    expect(await screen.findByTestId('release-action-error')).toHaveTextContent(
      'the release is not running',
    );
  });

  it('lists older releases and shows the one chosen', async () => {
    const older = release({ id: 'r-0', version: 'v2', state: 'succeeded' });
    const api = mockCellsApi({
      listReleases: jest.fn(async () => [
        release({ state: 'succeeded' }),
        older,
      ]),
      getRelease: jest.fn(async (_app: string, id: string) =>
        id === 'r-0' ? older : release({ state: 'succeeded' }),
      ),
    });
    await renderAppTab(<ReleasesTab />, { api });
    expect(await screen.findByText('Release of v3')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Show release r-0' }),
    );
    expect(await screen.findByText('Release of v2')).toBeInTheDocument();
    expect(api.getRelease).toHaveBeenLastCalledWith('payments', 'r-0');
  });

  it('offers Start release only to users who may manage releases', async () => {
    const api = mockCellsApi();
    await renderAppTab(<ReleasesTab />, {
      api,
      permissions: {
        deploy: false,
        scale: false,
        release: false,
        update: false,
        delete: false,
        membersManage: false,
        logs: true,
        events: true,
      },
    });
    expect(await screen.findByText('No release yet.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Start release' })).toBeNull();
  });
});

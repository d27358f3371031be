import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockCellsApi,
  paymentsVersions,
} from '../../../__testUtils__/fixtures';
import { renderAppTab } from '../../../__testUtils__/render';
import { OverviewTab, VERSIONS_PAGE_SIZE } from './OverviewTab';

jest.setTimeout(60_000);

/** v0..v(n-1) stored, listed newest first (v(n-1) first). */
function storedVersions(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    ...paymentsVersions[0],
    name: `v${n - 1 - i}`,
  }));
}

const rowNames = () =>
  screen
    .getAllByTestId(/^version-row-/)
    .map(row => row.getAttribute('data-testid')!.replace('version-row-', ''));

describe('OverviewTab', () => {
  it('shows the newest versions and older ones on "Show more versions"; versions a cell runs always', async () => {
    const versions = storedVersions(VERSIONS_PAGE_SIZE + 3);
    const api = mockCellsApi({ listVersions: jest.fn(async () => versions) });
    // the overview's cells run v2, which is past the first page: it is shown anyway
    await renderAppTab(<OverviewTab pollMs={60_000} />, { api });
    await screen.findByTestId('version-row-v27');
    expect(rowNames()).toEqual([
      ...versions.slice(0, VERSIONS_PAGE_SIZE).map(v => v.name),
      'v2',
      'v1',
    ]);
    await userEvent.click(screen.getByTestId('versions-show-more'));
    await screen.findByTestId('version-row-v0');
    expect(rowNames()).toEqual(versions.map(v => v.name));
    expect(screen.queryByTestId('versions-show-more')).toBeNull();
    expect(api.listVersionsPage).toHaveBeenLastCalledWith('payments', {
      limit: VERSIONS_PAGE_SIZE,
      cursor: String(VERSIONS_PAGE_SIZE),
    });
  });

  it('keeps the pages read when it refreshes', async () => {
    const versions = storedVersions(VERSIONS_PAGE_SIZE + 1);
    const api = mockCellsApi({ listVersions: jest.fn(async () => versions) });
    await renderAppTab(<OverviewTab pollMs={200} />, { api });
    await screen.findByTestId('version-row-v25');
    await userEvent.click(screen.getByTestId('versions-show-more'));
    await screen.findByTestId('version-row-v0');
    const calls = api.listVersionsPage.mock.calls.length;
    await waitFor(() =>
      expect(api.listVersionsPage.mock.calls.length).toBeGreaterThan(calls + 2),
    );
    expect(rowNames()).toHaveLength(VERSIONS_PAGE_SIZE + 1);
    expect(screen.queryByTestId('versions-show-more')).toBeNull();
  });

  it('shows what a poll read even when reading takes longer than the poll interval', async () => {
    let versions = storedVersions(2);
    const api = mockCellsApi({
      listVersions: jest.fn(async () => {
        const answer = versions;
        await new Promise(resolve => setTimeout(resolve, 300));
        return answer;
      }),
    });
    await renderAppTab(<OverviewTab pollMs={50} />, { api });
    await screen.findByTestId('version-row-v1');
    versions = storedVersions(3);
    expect(
      await screen.findByTestId('version-row-v2', undefined, { timeout: 10_000 }),
    ).toBeInTheDocument();
  });
});

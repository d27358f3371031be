import { screen, within } from '@testing-library/react';
import { mockCellsApi } from '../../__testUtils__/fixtures';
import { renderWithCellsApi } from '../../__testUtils__/render';
import { RegionsView } from './RegionsView';

jest.setTimeout(60_000);

describe('RegionsView', () => {
  it('shows each cell’s capacity as bars and its nodes', async () => {
    await renderWithCellsApi(<RegionsView />, { api: mockCellsApi() });
    const bars = await screen.findByTestId('capacity-bars');
    expect(within(bars).getByText('16.5 / 64 cores')).toBeInTheDocument();
    expect(within(bars).getByText('8 / 256 GiB')).toBeInTheDocument();
    expect(within(bars).getByText('12 / 440')).toBeInTheDocument();
    expect(
      within(bars).getByRole('progressbar', { name: 'CPU 26% requested' }),
    ).toHaveAttribute('aria-valuenow', '26');
    const nodes = screen.getByTestId('node-chips');
    expect(within(nodes).getByText('dev-1-node-1')).toBeInTheDocument();
    expect(
      within(nodes).getByText('dev-1-node-2 (not ready)'),
    ).toBeInTheDocument();
    // the unreachable cell shows its error, not figures
    expect(
      screen.getByText('connect ECONNREFUSED 127.0.0.1:6445'),
    ).toBeInTheDocument();
  });
});

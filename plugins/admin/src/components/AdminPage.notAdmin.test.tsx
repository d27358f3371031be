import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { AdminPage } from './AdminPage';
import { adminTestApis } from '../__testUtils__/adminTestApis';

jest.setTimeout(30_000);

describe('AdminPage (anyone else)', () => {
  it('is not found, and asks no admin route', async () => {
    const { apis, fetchApi } = adminTestApis({}, false);
    await renderInTestApp(
      <TestApiProvider apis={apis}>
        <AdminPage />
      </TestApiProvider>,
    );
    expect(await screen.findByText(/PAGE NOT FOUND/i)).toBeInTheDocument();
    expect(screen.queryByText('Operations per day')).not.toBeInTheDocument();
    expect(fetchApi.fetch).not.toHaveBeenCalled();
  });
});

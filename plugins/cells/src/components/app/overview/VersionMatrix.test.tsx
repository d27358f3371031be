import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import {
  ALL_PERMISSIONS,
  paymentsApp,
  paymentsOverview,
  paymentsVersions,
  REPORTER_PERMISSIONS,
} from '../../../__testUtils__/fixtures';
import { inUse, matrixVersions, VersionMatrix } from './VersionMatrix';

jest.setTimeout(60_000);

function renderMatrix(permissions = ALL_PERMISSIONS, app = paymentsApp) {
  const onScale = jest.fn();
  const onRemove = jest.fn();
  const onSync = jest.fn();
  return renderInTestApp(
    <VersionMatrix
      app={app}
      overview={paymentsOverview}
      versions={paymentsVersions}
      permissions={permissions}
      onScale={onScale}
      onRemove={onRemove}
      onSync={onSync}
    />,
  ).then(() => ({ onScale, onRemove, onSync }));
}

describe('VersionMatrix', () => {
  it('shows ready/desired per version per cell, the drifted cell and the unreachable one with its error', async () => {
    await renderMatrix();
    expect(
      within(screen.getByTestId('matrix-v2-dev-1')).getByText('3/3 ready'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('matrix-v2-dev-1')).getByText('stable'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('matrix-v1-dev-2')).getByText('1/2 ready'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('matrix-v2-dev-2')).toHaveTextContent('—');

    // dev-2 serves v1 while the app is on v2: drifted, and the tooltip says why
    const drifted = screen.getByTestId('drifted-dev-2');
    expect(drifted).toHaveTextContent('drifted');
    expect(screen.queryByTestId('drifted-dev-1')).toBeNull();
    await userEvent.hover(drifted);
    expect(
      await screen.findByText(
        /dev-2 serves v1 while the app's current version is v2/,
      ),
    ).toBeInTheDocument();

    // dev-3 did not answer: its error is shown and its versions are unknown
    const header = screen.getByTestId('cell-header-dev-3');
    expect(within(header).getByText('unreachable')).toBeInTheDocument();
    expect(screen.getByTestId('cell-error-dev-3')).toHaveTextContent(
      'connect ECONNREFUSED 127.0.0.1:6445',
    );
    expect(screen.getByTestId('matrix-v2-dev-3')).toHaveTextContent('unknown');
    expect(
      screen.queryByRole('button', { name: 'Scale v2 in dev-3' }),
    ).toBeNull();
  });

  it('offers Scale per version per cell, calling back with the figures', async () => {
    const { onScale } = await renderMatrix();
    await userEvent.click(
      screen.getByRole('button', { name: 'Scale v1 in dev-2' }),
    );
    expect(onScale).toHaveBeenCalledWith('v1', 'dev-2', 2);
  });

  it('offers Remove only on versions no cell serves, saying why the others stay', async () => {
    // v2 is current; v1 is still the stable version of the drifted dev-2
    await renderMatrix();
    expect(screen.queryByRole('button', { name: /^Remove/ })).toBeNull();
    expect(screen.getByTestId('version-in-use-v2')).toHaveTextContent(
      'current version',
    );
    expect(screen.getByTestId('version-in-use-v1')).toHaveTextContent(
      'serves dev-2',
    );
    expect(inUse(paymentsApp, 'v0')).toBeUndefined();
  });

  it('offers Remove on a version once no cell serves it', async () => {
    const { onRemove } = await renderMatrix(ALL_PERMISSIONS, {
      ...paymentsApp,
      cells: paymentsApp.cells.map(c => ({
        ...c,
        stableVersion: 'v2',
        drifted: false,
      })),
    });
    await userEvent.click(screen.getByRole('button', { name: 'Remove v1' }));
    expect(onRemove).toHaveBeenCalledWith('v1');
    expect(screen.queryByRole('button', { name: 'Remove v2' })).toBeNull();
  });

  it('offers Sync on the drifted cell only, to users who may release', async () => {
    const { onSync } = await renderMatrix();
    expect(screen.getAllByRole('button', { name: /^Sync / })).toHaveLength(1);
    await userEvent.click(
      screen.getByRole('button', { name: 'Sync dev-2 to v2' }),
    );
    expect(onSync).toHaveBeenCalledWith('dev-2');
  });

  it('hides Scale, Remove and Sync from users who may not', async () => {
    await renderMatrix(REPORTER_PERMISSIONS);
    expect(screen.queryByRole('button', { name: /^Sync / })).toBeNull();
    expect(screen.getByText('3/3 ready')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Scale/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Remove/ })).toBeNull();
  });

  it('lists stored versions newest first, then any other a cell runs', () => {
    expect(
      matrixVersions(paymentsVersions.slice(0, 1), paymentsOverview),
    ).toEqual(['v2', 'v1']);
  });
});

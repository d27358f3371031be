import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  ledgerApp,
  mockCellsApi,
  paymentsApp,
  paymentsVersions,
} from '../../../__testUtils__/fixtures';
import { renderWithCellsApi } from '../../../__testUtils__/render';
import { NewVersionDialog } from './NewVersionDialog';

jest.setTimeout(60_000);

async function renderDialog(api = mockCellsApi(), app = paymentsApp) {
  const onCreated = jest.fn();
  await renderWithCellsApi(
    <NewVersionDialog
      open
      app={app}
      onClose={() => {}}
      onCreated={onCreated}
    />,
    { api },
  );
  const dialog = await screen.findByRole('dialog');
  await within(dialog).findByLabelText('Version name');
  return { dialog, onCreated, api };
}

const valueOf = (dialog: HTMLElement, label: string) =>
  (within(dialog).getByLabelText(label) as HTMLInputElement).value;

describe('NewVersionDialog', () => {
  it('is prefilled from the current version', async () => {
    const { dialog, api } = await renderDialog();
    expect(api.listVersions).toHaveBeenCalledWith('payments');
    expect(
      within(dialog).getByText(
        /Prefilled from v2, the version the app serves now\./,
      ),
    ).toBeInTheDocument();
    expect(valueOf(dialog, 'Version name')).toBe('v3');
    expect(valueOf(dialog, 'Image')).toBe(
      'registry.test:5000/payments/api:2.0.0',
    );
    expect(valueOf(dialog, 'dev-1')).toBe('3');
    expect(valueOf(dialog, 'dev-2')).toBe('2');
    expect(valueOf(dialog, 'dev-3')).toBe('3'); // not in v2: its largest count
    expect(valueOf(dialog, 'Port')).toBe('9090');
    expect(valueOf(dialog, 'CPU request')).toBe('250m');
    expect(valueOf(dialog, 'CPU limit')).toBe('1');
    expect(valueOf(dialog, 'Memory request')).toBe('256Mi');
    expect(valueOf(dialog, 'Memory limit')).toBe('512Mi');
    expect(
      within(dialog)
        .getAllByLabelText('Name')
        .map(e => (e as HTMLInputElement).value),
    ).toEqual(['LOG_LEVEL', 'REGION']);
    expect(
      within(dialog)
        .getAllByLabelText('Value')
        .map(e => (e as HTMLInputElement).value),
    ).toEqual(['debug', 'dev']);
    expect(valueOf(dialog, 'HTTP path')).toBe('/ready');
    expect(valueOf(dialog, 'Probe port')).toBe('9091');
    expect(valueOf(dialog, 'Initial delay (s)')).toBe('2');
    expect(valueOf(dialog, 'Period (s)')).toBe('10');
    expect(valueOf(dialog, 'Timeout (s)')).toBe('2');
    expect(valueOf(dialog, 'Failures')).toBe('4');
    expect(
      within(dialog).getByLabelText(/Also use it as liveness probe/),
    ).toBeChecked();
    expect(within(dialog).getByLabelText(/Scale on CPU/)).toBeChecked();
    expect(valueOf(dialog, 'Min replicas')).toBe('2');
    expect(valueOf(dialog, 'Max replicas')).toBe('6');
    expect(valueOf(dialog, 'Target CPU %')).toBe('70');
  });

  it("takes the image it is given (a build to deploy) over the current version's", async () => {
    const onCreated = jest.fn();
    await renderWithCellsApi(
      <NewVersionDialog
        open
        app={paymentsApp}
        initialImage="registry.test:5000/payments/api:abc1234"
        onClose={() => {}}
        onCreated={onCreated}
      />,
      { api: mockCellsApi() },
    );
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByLabelText('Version name');
    expect(valueOf(dialog, 'Image')).toBe(
      'registry.test:5000/payments/api:abc1234',
    );
    expect(valueOf(dialog, 'dev-1')).toBe('3'); // the rest still from the current version
  });

  it('is prefilled from the current version, not from a newer one that was rolled back', async () => {
    const rolledBack = {
      ...paymentsVersions[0],
      name: 'v4',
      spec: {
        ...paymentsVersions[0].spec,
        image: 'registry.test:5000/payments/api:4.0.0',
        env: [{ name: 'SIM_FAIL_RATE', value: '0.5' }],
      },
    };
    const api = mockCellsApi({
      listVersions: jest.fn(async () => [rolledBack, ...paymentsVersions]),
    });
    const { dialog } = await renderDialog(api);
    expect(
      within(dialog).getByText(
        /Prefilled from v2, the version the app serves now/,
      ),
    ).toBeInTheDocument();
    // named after the newest version, built from the current one
    expect(valueOf(dialog, 'Version name')).toBe('v5');
    expect(valueOf(dialog, 'Image')).toBe(
      'registry.test:5000/payments/api:2.0.0',
    );
    expect(
      within(dialog)
        .getAllByLabelText('Value')
        .map(e => (e as HTMLInputElement).value),
    ).not.toContain('0.5');
  });

  it("offers the image repository's tags, newest first, with push time and digest", async () => {
    const app = { ...paymentsApp, imageRepository: 'payments/api' };
    const { dialog, api } = await renderDialog(mockCellsApi(), app);
    expect(api.listImageTags).toHaveBeenCalledWith('payments/api');
    expect(
      await within(dialog).findByText('2 tags of payments/api, newest first'),
    ).toBeInTheDocument();
    const image = within(dialog).getByLabelText('Image');
    await userEvent.clear(image);
    await userEvent.type(image, '1.4');
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      expect.stringMatching(/^1\.4\.2pushed .+ · bbbbbbbbbbbb$/),
      '1.4.1push time unknown · aaaaaaaaaaaa',
    ]);
    await userEvent.click(options[0]);
    expect(valueOf(dialog, 'Image')).toBe('127.0.0.1:5050/payments/api:1.4.2');
  });

  it('sends the edited version and reports it created', async () => {
    const { dialog, api, onCreated } = await renderDialog();
    const image = within(dialog).getByLabelText('Image');
    await userEvent.clear(image);
    await userEvent.type(image, 'registry.test:5000/payments/api:3.0.0');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Remove variable 2' }),
    );
    await userEvent.click(within(dialog).getByLabelText(/Scale on CPU/));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create version' }),
    );
    await screen.findByRole('dialog');
    expect(api.createVersion).toHaveBeenCalledWith('payments', {
      name: 'v3',
      spec: {
        ...paymentsVersions[0].spec,
        image: 'registry.test:5000/payments/api:3.0.0',
        replicas: { 'dev-1': 3, 'dev-2': 2, 'dev-3': 3 },
        env: [{ name: 'LOG_LEVEL', value: 'debug' }],
        autoscaling: undefined,
      },
    });
    expect(onCreated).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'v3' }),
    );
  });

  it('shows field errors before sending and the server refusal after', async () => {
    const api = mockCellsApi({
      createVersion: jest.fn(async () => {
        throw new Error('version v3 already exists');
      }),
    });
    const { dialog } = await renderDialog(api);
    const create = within(dialog).getByRole('button', {
      name: 'Create version',
    });
    const replicas = within(dialog).getByLabelText('dev-1');
    await userEvent.clear(replicas);
    await userEvent.type(replicas, '-1');
    expect(
      within(dialog).getByText('replicas must be 0 or more'),
    ).toBeInTheDocument();
    expect(create).toBeDisabled();
    await userEvent.clear(replicas);
    await userEvent.type(replicas, '4');
    const cpu = within(dialog).getByLabelText('CPU request');
    await userEvent.clear(cpu);
    await userEvent.type(cpu, 'lots');
    expect(
      within(dialog).getByText(/cpu must be a Kubernetes quantity/),
    ).toBeInTheDocument();
    await userEvent.clear(cpu);
    await userEvent.type(cpu, '300m');
    expect(create).toBeEnabled();
    await userEvent.click(create);
    expect(
      await within(dialog).findByTestId('new-version-error'),
    ).toHaveTextContent('version v3 already exists');
  });

  it('offers defaults for the first version', async () => {
    const api = mockCellsApi({ listVersions: jest.fn(async () => []) });
    const { dialog } = await renderDialog(api, ledgerApp);
    expect(
      within(dialog).getByText(/The first version of this app/),
    ).toBeInTheDocument();
    expect(valueOf(dialog, 'Version name')).toBe('v1');
    expect(valueOf(dialog, 'dev-1')).toBe('1');
    expect(valueOf(dialog, 'HTTP path')).toBe('/healthz');
    expect(within(dialog).getByText('image is required')).toBeInTheDocument();
  });
});

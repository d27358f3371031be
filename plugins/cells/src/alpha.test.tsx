import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  createExtensionTester,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import type { Entity } from '@backstage/catalog-model';
import cellsPlugin from './alpha';
import { cellsApiRef } from './api';
import { mockCellsApi } from './__testUtils__/fixtures';

jest.setTimeout(60_000);

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', annotations },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments-team' },
});

const catalogEntityRoute = {
  '/catalog/:namespace/:kind/:name': convertLegacyRouteRef(entityRouteRef),
};

describe('new frontend system', () => {
  it('installs an API, a page with its nav item, and an entity tab', () => {
    const ids = [
      'api:cells',
      'page:cells',
      'entity-content:cells/app',
    ] as const;
    for (const id of ids) {
      expect(cellsPlugin.getExtension(id)).toBeDefined();
    }
    const page = createExtensionTester(cellsPlugin.getExtension('page:cells'));
    expect(page.get(coreExtensionData.routePath)).toBe('/cells');
    // a page's title and icon are what the app's sidebar shows as its nav item
    expect(page.get(coreExtensionData.title)).toBe('Cells');
    expect(page.get(coreExtensionData.icon)).toBeDefined();
  });

  it('mounts the page in a new-frontend-system app with a mocked CellsApi', async () => {
    const api = mockCellsApi();
    renderTestApp({
      features: [cellsPlugin],
      apis: [[cellsApiRef, api]],
      initialRouteEntries: ['/cells'],
      mountedRoutes: catalogEntityRoute,
    });
    const link = await screen.findByTestId('app-link-payments', undefined, {
      timeout: 20_000,
    });
    expect(link).toHaveAttribute('href', '/cells/payments');
    await userEvent.click(
      screen.getByRole('tab', { name: 'Regions and cells' }),
    );
    expect(await screen.findByText('Region dev')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Apps' }));
    await userEvent.click(await screen.findByTestId('app-link-payments'));
    const header = await screen.findByTestId('app-header');
    expect(
      within(header).getByRole('button', { name: 'Start release' }),
    ).toBeInTheDocument();
    expect(await screen.findByTestId('drifted-dev-2')).toBeInTheDocument();
  });

  it('mounts the entity tab for Components annotated cellport.io/app', async () => {
    const api = mockCellsApi();
    const tester = createExtensionTester(
      cellsPlugin.getExtension('entity-content:cells/app'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/cells');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Cells');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(entity({ 'cellport.io/app': 'payments' }))).toBe(true);
    // every Component: without an app the tab offers to create one
    expect(filter(entity({}))).toBe(true);
    expect(filter({ ...entity({}), kind: 'API' })).toBe(false);

    renderInTestApp(
      <EntityProvider entity={entity({ 'cellport.io/app': 'payments' })}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[cellsApiRef, api]], mountedRoutes: catalogEntityRoute },
    );
    const header = await screen.findByTestId('app-header', undefined, {
      timeout: 20_000,
    });
    expect(within(header).getByText('payments')).toBeInTheDocument();
    expect(api.getApp).toHaveBeenCalledWith('payments');
  });
});

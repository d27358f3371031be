import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import type { Entity } from '@backstage/catalog-model';
import { cellsApiRef } from './api';
import {
  CellsPage,
  cellsPlugin,
  EntityCellsAppContent,
  isCellsAppAvailable,
} from './index';
import { rootRouteRef } from './routes';
import { mockCellsApi } from './__testUtils__/fixtures';

jest.setTimeout(60_000);

const component = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', annotations },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments-team' },
});

describe('legacy frontend system', () => {
  it('provides the cells API and the root route', () => {
    expect(cellsPlugin.getId()).toBe('cells');
    expect([...cellsPlugin.getApis()].map(f => f.api.id)).toEqual([
      cellsApiRef.id,
    ]);
    expect(cellsPlugin.routes.root).toBe(rootRouteRef);
  });

  it('mounts CellsPage in a legacy app: apps, regions and an app page', async () => {
    const api = mockCellsApi();
    await renderInTestApp(
      <TestApiProvider apis={[[cellsApiRef, api]]}>
        <Routes>
          <Route path="/cells/*" element={<CellsPage />} />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/cells'],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(await screen.findByText('My apps')).toBeInTheDocument();
    const link = await screen.findByTestId('app-link-payments');
    expect(link).toHaveAttribute('href', '/cells/payments');

    await userEvent.click(
      screen.getByRole('tab', { name: 'Regions and cells' }),
    );
    expect(await screen.findByText('Region dev')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Apps' }));
    await userEvent.click(await screen.findByTestId('app-link-payments'));

    const header = await screen.findByTestId('app-header');
    expect(within(header).getByText('payments')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Releases' }));
    expect(await screen.findByText('No release yet.')).toBeInTheDocument();
  });

  it('mounts EntityCellsAppContent for an annotated component', async () => {
    const api = mockCellsApi();
    const entity = component({ 'cellport.io/app': 'payments' });
    expect(isCellsAppAvailable(entity)).toBe(true);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [cellsApiRef, api],
          [catalogApiRef, catalogApiMock()],
        ]}
      >
        <EntityProvider entity={entity}>
          <Routes>
            <Route path="/cells/*" element={<EntityCellsAppContent />} />
          </Routes>
        </EntityProvider>
      </TestApiProvider>,
      {
        routeEntries: ['/cells/pods'],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(await screen.findByTestId('app-header')).toBeInTheDocument();
    expect(await screen.findByText('payments-v2-abc12')).toBeInTheDocument();
    expect(api.getApp).toHaveBeenCalledWith('payments');
  });

  function renderEntityTab(entity: Entity, api = mockCellsApi()) {
    return renderInTestApp(
      <TestApiProvider
        apis={[
          [cellsApiRef, api],
          [catalogApiRef, catalogApiMock()],
        ]}
      >
        <EntityProvider entity={entity}>
          <Routes>
            <Route path="/cells/*" element={<EntityCellsAppContent />} />
          </Routes>
        </EntityProvider>
      </TestApiProvider>,
      {
        routeEntries: ['/cells'],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
  }

  it('finds the app whose componentRef is the component, without an annotation', async () => {
    await renderEntityTab(component({}));
    const header = await screen.findByTestId('app-header');
    expect(within(header).getByText('payments')).toBeInTheDocument();
  });

  it('offers to create an app for a component that has none, prefilled from it', async () => {
    const checkout: Entity = {
      ...component({ 'cellport.io/image': 'shop/checkout' }),
      metadata: {
        name: 'Checkout_Service',
        description: 'Checkout',
        annotations: { 'cellport.io/image': 'shop/checkout' },
      },
    };
    await renderEntityTab(checkout);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Create an app for this component',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    const value = (label: RegExp) =>
      (within(dialog).getByLabelText(label) as HTMLInputElement).value;
    expect(value(/^Name/)).toBe('checkout-service');
    expect(value(/^Description/)).toBe('Checkout');
    expect(value(/^Image repository/)).toBe('shop/checkout');
    expect(value(/^Catalog component/)).toBe(
      'component:default/checkout_service',
    );
  });

  it('applies the entity tab to every Component', () => {
    expect(isCellsAppAvailable(component({}))).toBe(true);
    expect(
      isCellsAppAvailable({
        ...component({ 'cellport.io/app': 'payments' }),
        kind: 'API',
      }),
    ).toBe(false);
  });
});

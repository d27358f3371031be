/** Test doubles for the admin page: the backends' admin routes over a fetch stand-in. */
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { adminApiRef, AdminClient } from '../api';

type Route = (init?: RequestInit) => { status: number; body?: unknown };

/** The APIs the page needs, answering `routes` (`METHOD url`) and 404 elsewhere. */
export function adminTestApis(routes: Record<string, Route>, admin: boolean) {
  const fetchApi = {
    fetch: jest.fn(async (url: string, init?: RequestInit) => {
      const route = routes[`${init?.method ?? 'GET'} ${url}`];
      const { status, body } = route ? route(init) : { status: 404, body: undefined };
      return new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    }),
  };
  const discoveryApi = { getBaseUrl: async (plugin: string) => `http://backend/api/${plugin}` };
  const permissionApi = {
    authorize: async () => ({ result: admin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY }),
  };
  const catalogApi = catalogApiMock({
    entities: [
      { apiVersion: 'backstage.io/v1alpha1', kind: 'User', metadata: { name: 'alice' }, spec: { profile: { displayName: 'Alice Adams' } } },
      { apiVersion: 'backstage.io/v1alpha1', kind: 'User', metadata: { name: 'erin' }, spec: { profile: { displayName: 'Erin Evans' } } },
    ],
  });
  return {
    fetchApi,
    apis: [
      [fetchApiRef, fetchApi],
      [discoveryApiRef, discoveryApi],
      [permissionApiRef, permissionApi],
      [catalogApiRef, catalogApi],
      [adminApiRef, new AdminClient({ discoveryApi, fetchApi: fetchApi as any })],
    ] as any,
  };
}

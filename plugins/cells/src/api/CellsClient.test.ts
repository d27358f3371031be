import { ResponseError } from '@backstage/errors';
import { CELLS_API_ROUTES } from '@cellport/plugin-cells-common';
import { jsonResponse as json, recordingFetchApi } from '@cellport/common';
import { CellsClient } from './CellsClient';

/** A client whose fetch records every call and answers with `answer`. */
function clientAnswering(answer: Parameters<typeof recordingFetchApi>[0]) {
  const { calls, ...deps } = recordingFetchApi(answer);
  return { client: new CellsClient(deps), calls };
}

describe('CellsClient', () => {
  it('calls every route of the contract with its method, path and body', async () => {
    const { client, calls } = clientAnswering(call => {
      if (call.method === 'DELETE') return new Response(null, { status: 204 });
      if (call.url.includes('/log')) return new Response('a log line\n');
      return json({ items: [{ name: 'x' }], errors: [] });
    });
    const app = 'payments';
    await client.listRegions();
    await client.getCell('dev-1');
    await client.listApps();
    await client.createApp({
      name: app,
      cells: ['dev-1', 'dev-2'],
      production: true,
    });
    await client.getApp(app);
    await client.updateApp(app, { description: 'd', componentRef: null });
    await client.deleteApp(app);
    await client.listVersions(app);
    await client.createVersion(app, {
      name: 'v2',
      spec: { image: 'img:2', replicas: { 'dev-1': 1 } },
    });
    await client.deleteVersion(app, 'v1');
    await client.scaleVersion(app, 'v2', { cell: 'dev-1', replicas: 3 });
    await client.getOverview(app);
    await client.getEvents(app);
    expect(
      await client.getPodLog(app, 'dev-1', 'payments-v2-abc', {
        container: 'app',
        previous: true,
        tailLines: 100,
      }),
    ).toBe('a log line\n');
    await client.listReleases(app);
    await client.startRelease(app, {
      version: 'v2',
      steps: [{ cells: ['dev-1'], canary: { percent: 100 } }],
    });
    await client.getRelease(app, 'r-1');
    await client.listReleaseEvents(app, 'r-1');
    await client.releaseAction(app, 'r-1', {
      action: 'skip-cell',
      cell: 'dev-2',
    });
    await client.getAppPermissions(app);
    await client.listMembers(app);
    await client.addMember(app, 'user:default/bob', 'developer');
    await client.updateMember(app, 'user:default/bob', 'master');
    await client.removeMember(app, 'user:default/bob');
    await client.syncCell(app, 'dev-1');

    const base = 'http://backend.test/api/cells';
    // the members list's query (its page size) is the access library client's own
    const shown = (url: string) =>
      url.replace(base, '').replace(/\/members\?.*$/, '/members');
    expect(calls.map(c => `${c.method} ${shown(c.url)}`)).toEqual([
      'GET /regions',
      'GET /cells/dev-1',
      'GET /apps?limit=500',
      'POST /apps',
      'GET /apps/payments',
      'PATCH /apps/payments',
      'DELETE /apps/payments',
      'GET /apps/payments/versions?limit=500',
      'POST /apps/payments/versions',
      'DELETE /apps/payments/versions/v1',
      'POST /apps/payments/versions/v2/scale',
      'GET /apps/payments/overview',
      'GET /apps/payments/events',
      'GET /apps/payments/cells/dev-1/pods/payments-v2-abc/log?container=app&previous=true&tailLines=100',
      'GET /apps/payments/releases',
      'POST /apps/payments/releases',
      'GET /apps/payments/releases/r-1',
      'GET /apps/payments/releases/r-1/events',
      'POST /apps/payments/releases/r-1/actions',
      'GET /apps/payments/permissions',
      'GET /apps/payments/members',
      'POST /apps/payments/members',
      'PUT /apps/payments/members/user%3Adefault%2Fbob',
      'DELETE /apps/payments/members/user%3Adefault%2Fbob',
      'POST /apps/payments/cells/dev-1/sync',
    ]);
    expect(calls[3].body).toEqual({
      name: 'payments',
      cells: ['dev-1', 'dev-2'],
      production: true,
    });
    expect(calls[5].body).toEqual({ description: 'd', componentRef: null });
    expect(calls[10].body).toEqual({ cell: 'dev-1', replicas: 3 });
    expect(calls[18].body).toEqual({ action: 'skip-cell', cell: 'dev-2' });
    expect(calls[21].body).toEqual({
      member: 'user:default/bob',
      role: 'developer',
    });

    // every route of the contract is covered (members routes are the access library's)
    const covered = new Set(
      calls.map(c => {
        const path = new URL(c.url).pathname
          .replace('/api/cells', '')
          .replace('/apps/payments', '/apps/:app')
          .replace(
            '/cells/dev-1/pods/payments-v2-abc',
            '/cells/:cell/pods/:pod',
          )
          .replace(/\/cells\/dev-1$/, '/cells/:cell')
          .replace('/cells/dev-1/sync', '/cells/:cell/sync')
          .replace(/\/versions\/v\d/, '/versions/:version')
          .replace('/releases/r-1', '/releases/:id');
        return `${c.method} ${path}`;
      }),
    );
    for (const route of CELLS_API_ROUTES) {
      expect(covered).toContain(route);
    }
  });

  it('reads every page of a whole list, and one page with its query', async () => {
    const { client, calls } = clientAnswering(call => {
      const cursor = new URL(call.url).searchParams.get('cursor');
      if (!cursor) return json({ items: [{ name: 'a' }], nextCursor: 'c1' });
      if (cursor === 'c1') return json({ items: [{ name: 'b' }], nextCursor: 'c2' });
      return json({ items: [{ name: 'c' }] });
    });
    expect((await client.listApps()).map(a => a.name)).toEqual(['a', 'b', 'c']);
    expect((await client.listVersions('shop')).map(v => v.name)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(
      await client.listAppsPage({ q: 'sh op', limit: 25, cursor: 'c2' }),
    ).toEqual({ items: [{ name: 'c' }] });
    expect(await client.listVersionsPage('shop', { limit: 25 })).toEqual({
      items: [{ name: 'a' }],
      nextCursor: 'c1',
    });
    const base = 'http://backend.test/api/cells';
    expect(calls.map(c => c.url.replace(base, ''))).toEqual([
      '/apps?limit=500',
      '/apps?limit=500&cursor=c1',
      '/apps?limit=500&cursor=c2',
      '/apps/shop/versions?limit=500',
      '/apps/shop/versions?limit=500&cursor=c1',
      '/apps/shop/versions?limit=500&cursor=c2',
      '/apps?q=sh%20op&limit=25&cursor=c2',
      '/apps/shop/versions?limit=25',
    ]);
  });

  it('encodes path segments', async () => {
    const { client, calls } = clientAnswering(() => json({}));
    await client.getRelease('payments', 'a/b c');
    expect(calls[0].url).toBe(
      'http://backend.test/api/cells/apps/payments/releases/a%2Fb%20c',
    );
  });

  it("throws a ResponseError carrying the server's message", async () => {
    const { client } = clientAnswering(() =>
      json(
        {
          error: {
            name: 'InputError',
            message: 'a production app runs in at least two cells',
          },
          request: { method: 'POST', url: '/apps' },
          response: { statusCode: 400 },
        },
        400,
      ),
    );
    const error = await client
      .createApp({ name: 'x', cells: ['dev-1'], production: true })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.message).toContain(
      'a production app runs in at least two cells',
    );
    expect(error.response.status).toBe(400);
  });

  it('rejects with the status when a log cannot be read', async () => {
    const { client } = clientAnswering(() =>
      json(
        {
          error: {
            name: 'NotAllowedError',
            message: 'reading logs takes Reporter',
          },
          response: { statusCode: 403 },
        },
        403,
      ),
    );
    await expect(client.getPodLog('payments', 'dev-1', 'p')).rejects.toThrow(
      'reading logs takes Reporter',
    );
  });
});

import { ResponseError } from '@backstage/errors';
import { MembersClient } from './MembersClient';

describe('MembersClient (generated from the members OpenAPI document)', () => {
  function clientWith(answer: (init: RequestInit) => Response) {
    const calls: Array<{ url: string; method: string; body?: unknown }> = [];
    const client = new MembersClient({
      discoveryApi: { getBaseUrl: async id => `http://backend/api/${id}` },
      fetchApi: {
        fetch: async (input: any, init?: RequestInit) => {
          calls.push({
            url: String(input),
            method: init?.method ?? 'GET',
            ...(init?.body ? { body: JSON.parse(String(init.body)) } : {}),
          });
          return answer(init ?? {});
        },
      },
    });
    return { client, calls };
  }
  const target = { kind: 'image-repository' as const, name: 'team/app', basePath: '/repositories/team/app' };

  it("sends the members routes below the resource's route in its plugin", async () => {
    const { client, calls } = clientWith(init =>
      init.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : new Response(JSON.stringify(init.method === 'GET' ? { items: [] } : { member: 'group:default/team' }), {
            status: 200,
            headers: { 'content-type': 'application/json' },
          }),
    );
    await client.listMembers(target);
    await client.addMember(target, 'group:default/team', 'developer');
    await client.updateMember(target, 'user:default/bob', 'master');
    await client.removeMember({ ...target, pluginId: 'other' }, 'user:default/bob');
    expect(calls).toEqual([
      { url: 'http://backend/api/registry/repositories/team/app/members?limit=500', method: 'GET' },
      {
        url: 'http://backend/api/registry/repositories/team/app/members',
        method: 'POST',
        body: { member: 'group:default/team', role: 'developer' },
      },
      {
        url: 'http://backend/api/registry/repositories/team/app/members/user%3Adefault%2Fbob',
        method: 'PUT',
        body: { role: 'master' },
      },
      { url: 'http://backend/api/other/repositories/team/app/members/user%3Adefault%2Fbob', method: 'DELETE' },
    ]);
  });

  it('reads a page with limit and cursor, and every page for listMembers', async () => {
    const member = (n: number) => ({ member: `user:default/u${n}`, role: 'guest' });
    const { client, calls } = clientWith(() => {
      const cursor = new URL(calls[calls.length - 1].url).searchParams.get('cursor');
      const body = cursor
        ? { items: [member(3)] }
        : { items: [member(1), member(2)], nextCursor: 'next+/page' };
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    });
    const first = await client.listMembersPage(target, { limit: 2 });
    expect(first).toEqual({ items: [member(1), member(2)], nextCursor: 'next+/page' });
    const last = await client.listMembersPage(target, { limit: 2, cursor: 'next+/page' });
    expect(last).toEqual({ items: [member(3)] });
    expect(calls.map(c => c.url)).toEqual([
      'http://backend/api/registry/repositories/team/app/members?limit=2',
      'http://backend/api/registry/repositories/team/app/members?limit=2&cursor=next%2B%2Fpage',
    ]);
    expect((await client.listMembers(target)).map(m => m.member)).toEqual([
      'user:default/u1',
      'user:default/u2',
      'user:default/u3',
    ]);
  });

  it("rejects with the server's message", async () => {
    const { client } = clientWith(
      () =>
        new Response(
          JSON.stringify({ error: { name: 'ConflictError', message: 'Cannot remove the last Owner' }, response: { statusCode: 409 } }),
          { status: 409, headers: { 'content-type': 'application/json' } },
        ),
    );
    const error = await client.removeMember(target, 'user:default/alice').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.message).toBe('Cannot remove the last Owner');
  });
});

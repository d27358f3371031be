/*
 * The registry plugin against the REAL Docker registry (distribution 2.8, started by
 * scripts/infra.sh with a temporary state folder and free ports) and the REAL skopeo client
 * (see ./harness).
 */
import { describeRegistry, startTestRegistry, TestRegistry } from './harness';

jest.setTimeout(240_000);

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describeRegistry('registry plugin with the real registry and skopeo', () => {
  let reg: TestRegistry;
  const api = (...args: Parameters<TestRegistry['api']>) => reg.api(...args);
  const skopeo = (...args: string[]) => reg.skopeo(...args);
  const creds = (user: string) => reg.creds(user);
  const push = (user: string, tag: string, ref: string) => reg.push(user, tag, ref);
  const inspect = (user: string | undefined, ref: string) => reg.inspect(user, ref);

  beforeAll(async () => {
    reg = await startTestRegistry();
  });

  afterAll(async () => {
    await reg?.stop();
  });

  it('the Owner and a Developer push; a Reporter pulls but cannot push', async () => {
    const a = await push('alice', 'v1', 'team/app:v1');
    expect(a.err).not.toMatch(/denied|unauthorized/i);
    expect(a.ok).toBe(true);
    expect((await push('dave', 'v2', 'team/app:v2')).ok).toBe(true);
    const pulled = await inspect('bob', 'team/app:v1');
    expect(pulled.ok).toBe(true);
    expect(JSON.parse(pulled.out).Digest).toMatch(/^sha256:/);
    const denied = await push('bob', 'v3', 'team/app:v3');
    expect(denied.ok).toBe(false);
    expect(denied.err).toMatch(/denied|unauthorized/i);
  });

  it('a Guest, a non-member and anonymous cannot pull a private image; anyone pulls a public one', async () => {
    expect((await inspect('frank', 'team/app:v1')).ok).toBe(false);
    expect((await inspect('carol', 'team/app:v1')).ok).toBe(false);
    expect((await inspect(undefined, 'team/app:v1')).ok).toBe(false);
    expect((await push('alice', 'v1', 'pub/site:latest')).ok).toBe(true);
    expect((await inspect(undefined, 'pub/site:latest')).ok).toBe(true);
    expect((await inspect('carol', 'pub/site:latest')).ok).toBe(true);
    // carol may pull it but not push to it
    expect((await push('carol', 'v3', 'pub/site:evil')).ok).toBe(false);
  });

  it('wrong credentials are refused by the token endpoint', async () => {
    const r = await skopeo('inspect', '--tls-verify=false', '--creds', 'alice:cpat_wrong', `docker://${reg.registryHost}/team/app:v1`);
    expect(r.ok).toBe(false);
    expect(r.err).toMatch(/401|unauthorized|invalid username\/password/i);
  });

  it('lists tags with digest, size, created, pushed-at and pusher (from the webhook)', async () => {
    let tags: any[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await api('bob', 'GET', '/repositories/team/app/tags');
      expect(r.status).toBe(200);
      tags = r.body.items;
      if (tags.length === 2 && tags.every(t => t.pusher)) break;
      await sleep(200);
    }
    expect(tags.map(t => t.tag)).toEqual(['v1', 'v2']);
    expect(tags[0]).toMatchObject({ digest: expect.stringMatching(/^sha256:/), size: expect.any(Number), created: expect.any(String), pusher: 'alice', pushedAt: expect.any(String) });
    expect(tags[1].pusher).toBe('dave');
    const activity = await api('alice', 'GET', '/repositories/team/app/activity');
    const pushes = activity.body.items.filter((a: any) => a.action === 'image-pushed');
    expect(pushes.map((a: any) => [a.actor, a.details.tag]).sort()).toEqual([['alice', 'v1'], ['dave', 'v2']]);
    // the public repository was created in Cellport by the push itself
    expect((await api('carol', 'GET', '/repositories/pub/site')).status).toBe(200);
  });

  it('a Master deletes a tag, a Developer cannot', async () => {
    expect((await api('dave', 'DELETE', '/repositories/team/app/tags/v2')).status).toBe(403);
    expect((await skopeo('delete', '--tls-verify=false', '--creds', creds('dave'), `docker://${reg.registryHost}/team/app:v2`)).ok).toBe(false);
    const del = await api('erin', 'DELETE', '/repositories/team/app/tags/v2');
    expect(del.status).toBe(200);
    expect(del.body.digest).toMatch(/^sha256:/);
    expect((await inspect('alice', 'team/app:v2')).ok).toBe(false);
    // and with skopeo directly, by a Master
    expect((await push('alice', 'v3', 'team/app:v3')).ok).toBe(true);
    expect((await skopeo('delete', '--tls-verify=false', '--creds', creds('erin'), `docker://${reg.registryHost}/team/app:v3`)).ok).toBe(true);
    const tags = await api('alice', 'GET', '/repositories/team/app/tags');
    expect(tags.body.items.map((t: any) => t.tag)).toEqual(['v1']);
  });

  it('a revoked token stops working at once; a removed member loses access', async () => {
    expect((await inspect('bob', 'team/app:v1')).ok).toBe(true);
    expect((await api('bob', 'DELETE', `/tokens/${reg.patIds.bob}`)).status).toBe(204);
    expect((await inspect('bob', 'team/app:v1')).ok).toBe(false);
    expect((await api('alice', 'DELETE', `/groups/team/members/${encodeURIComponent('user:default/dave')}`)).status).toBe(204);
    expect((await push('dave', 'v2', 'team/app:v4')).ok).toBe(false);
    expect((await inspect('dave', 'team/app:v1')).ok).toBe(false);
  });

  it('a robot account pushes with its explicit scopes only', async () => {
    const robot = await api('alice', 'POST', '/groups/team/robots', { name: 'builder', scopes: [{ repository: 'app', actions: ['pull', 'push'] }] });
    expect(robot.status).toBe(201);
    const r = await skopeo('copy', '--dest-tls-verify=false', '--dest-creds', `${robot.body.username}:${robot.body.secret}`, `oci:${reg.oci}:v2`, `docker://${reg.registryHost}/team/app:robot`);
    expect(r.ok).toBe(true);
    const other = await skopeo('copy', '--dest-tls-verify=false', '--dest-creds', `${robot.body.username}:${robot.body.secret}`, `oci:${reg.oci}:v2`, `docker://${reg.registryHost}/team/other:robot`);
    expect(other.ok).toBe(false);
  });

  // last: it stops the registry
  it('a registry outage degrades only the registry calls, with a clear message', async () => {
    await reg.stopRegistry();
    const tags = await api('alice', 'GET', '/repositories/team/app/tags');
    expect(tags.status).toBe(503);
    expect(tags.body.error.message).toMatch(/registry .*unreachable/);
    // what lives in the portal's own database still answers
    const groups = await api('alice', 'GET', '/groups');
    expect(groups.status).toBe(200);
    expect(groups.body.items.map((g: any) => g.name)).toContain('team');
  });
});

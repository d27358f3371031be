/*
 * The token endpoint against the REAL Docker registry and skopeo (see ./harness): a token reused for
 * an identical grant is one the registry accepts, a changed decision or a revoked personal access
 * token bites at the next token request, and the failed-attempt limit is one limit for two backend
 * replicas on one database.
 */
import { describeRegistry, startTestRegistry, TestRegistry } from './harness';

jest.setTimeout(240_000);

const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

describeRegistry('registry tokens with the real registry: reuse, revocation, the attempt limit', () => {
  let reg: TestRegistry;

  beforeAll(async () => {
    reg = await startTestRegistry();
  });

  afterAll(async () => {
    await reg?.stop();
  });

  /** Starts a blob upload in the real registry with a bearer token: 202 when it may push. */
  const startUpload = async (token: string) =>
    (
      await fetch(`http://${reg.registryHost}/v2/team/app/blobs/uploads/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      })
    ).status;

  it('a push asking again gets the same token, which the registry accepts; a changed role gets a new, smaller one at once', async () => {
    // skopeo asks the token endpoint for each scope it needs, as docker does
    expect((await reg.push('dave', 'v1', 'team/app:v1')).ok).toBe(true);
    expect((await reg.push('dave', 'v2', 'team/app:v2')).ok).toBe(true);
    const scope = 'repository:team/app:pull,push';
    const first = await reg.token(reg.creds('dave'), scope);
    const again = await reg.token(reg.creds('dave'), scope);
    expect(again).toBe(first);
    expect(claims(first).access).toEqual([{ type: 'repository', name: 'team/app', actions: ['pull', 'push'] }]);
    expect(claims(first).exp - claims(first).iat).toBe(60);
    expect(await startUpload(first)).toBe(202);
    // dave becomes a Reporter: decided afresh, a new token granting pull only, refused a push
    const demoted = await reg.api('alice', 'PUT', `/groups/team/members/${encodeURIComponent('user:default/dave')}`, { role: 'reporter' });
    expect(demoted.status).toBe(200);
    const reporter = await reg.token(reg.creds('dave'), scope);
    expect(reporter).not.toBe(first);
    expect(claims(reporter).access).toEqual([{ type: 'repository', name: 'team/app', actions: ['pull'] }]);
    expect(await startUpload(reporter)).toBe(401);
    const push = await reg.push('dave', 'v3', 'team/app:v3');
    expect(push.ok).toBe(false);
    expect(push.err).toMatch(/denied|unauthorized/i);
    expect((await reg.inspect('dave', 'team/app:v1')).ok).toBe(true);
  });

  it('a revoked personal access token is refused at once, though its last token was being reused', async () => {
    const created = await reg.api('erin', 'POST', '/tokens', { name: 'laptop', expiresInDays: 1 });
    expect(created.status).toBe(201);
    const basic = `erin:${created.body.token}`;
    const scope = 'repository:team/app:pull';
    expect(await reg.token(basic, scope)).toBe(await reg.token(basic, scope));
    expect((await reg.api('erin', 'DELETE', `/tokens/${created.body.id}`)).status).toBe(204);
    await expect(reg.token(basic, scope)).rejects.toThrow('token endpoint answered 401');
    const inspect = await reg.skopeo('inspect', '--tls-verify=false', '--creds', basic, `docker://${reg.registryHost}/team/app:v1`);
    expect(inspect.ok).toBe(false);
  });

  it('failed attempts through one replica block the user name on the other (one database)', async () => {
    const other = await reg.replica();
    const tokenAt = (base: string, basic: string) =>
      fetch(`${base}/token?service=cellport-registry&scope=${encodeURIComponent('repository:pub/site:pull')}`, {
        headers: { authorization: `Basic ${Buffer.from(basic).toString('base64')}` },
      });
    // both replicas serve frank before
    expect((await tokenAt(other, reg.creds('frank'))).status).toBe(200);
    // wrong secrets for frank through the real client and the registry's realm (the first replica),
    // until the limit (10 failures of one user name, the default) is reached
    let attempts = 0;
    while ((await tokenAt(other, reg.creds('frank'))).status === 200) {
      expect(attempts).toBeLessThan(10);
      const r = await reg.skopeo('inspect', '--tls-verify=false', '--creds', `frank:cpat_wrong${attempts++}`, `docker://${reg.registryHost}/pub/site:latest`);
      expect(r.ok).toBe(false);
    }
    const limited = await tokenAt(other, reg.creds('frank'));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(250);
    // the first replica refuses the right secret too, through the real client
    const refused = await reg.skopeo('inspect', '--tls-verify=false', '--creds', reg.creds('frank'), `docker://${reg.registryHost}/team/app:v1`);
    expect(refused.ok).toBe(false);
    expect(refused.err).toMatch(/429|too many/i);
    // other users are not affected
    expect((await tokenAt(other, reg.creds('alice'))).status).toBe(200);
    expect((await reg.inspect('alice', 'team/app:v1')).ok).toBe(true);
  });
});

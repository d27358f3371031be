/*
 * The registry holes of issue 18, probed against the REAL Docker registry and skopeo (see
 * ./harness): robots made for a user stop pulling when the user loses the right, a Developer
 * cannot publish a private group's repository, a deleted repository hands nothing (no manifest,
 * no blob, tagged or not) to the next owner of its name, hidden and nonexistent repositories look
 * the same to anonymous clients, and registry tokens live 60 s.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeOciLayout } from '../lib/oci';
import { describeRegistry, startTestRegistry, TestRegistry } from './harness';

jest.setTimeout(240_000);

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** The claims of a registry token (the test checks them, the registry verifies the signature). */
const decodeJwt = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

describeRegistry('registry security with the real registry and skopeo', () => {
  let reg: TestRegistry;

  beforeAll(async () => {
    reg = await startTestRegistry();
    const pushed = await reg.push('alice', 'v1', 'team/app:v1');
    if (!pushed.ok) throw new Error(`setup push failed: ${pushed.err}`);
  });

  afterAll(async () => {
    await reg?.stop();
  });

  /** A raw registry request with a token for `scope` (basic `user:secret`, or anonymous). */
  const raw = async (basic: string | undefined, scope: string, route: string) => {
    const token = await reg.token(basic, scope);
    const res = await fetch(`http://${reg.registryHost}${route}`, {
      method: 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        accept: [
          'application/vnd.oci.image.manifest.v1+json',
          'application/vnd.docker.distribution.manifest.v2+json',
        ].join(', '),
      },
    });
    await res.body?.cancel();
    return res.status;
  };

  it('a robot made for a Reporter stops pulling when the Reporter is removed', async () => {
    const robot = await reg.api('plugin:cells', 'POST', '/groups/team/robots', {
      name: 'cells-shop',
      scopes: [{ repository: 'app', actions: ['pull'] }],
      onBehalfOf: 'user:default/bob',
    });
    expect(robot.status).toBe(201);
    const pullAs = (creds: string) =>
      reg.skopeo('inspect', '--tls-verify=false', '--creds', creds, `docker://${reg.registryHost}/team/app:v1`);
    const creds = `${robot.body.username}:${robot.body.secret}`;
    expect((await pullAs(creds)).ok).toBe(true);
    const removed = await reg.api('alice', 'DELETE', `/groups/team/members/${encodeURIComponent('user:default/bob')}`);
    expect(removed.status).toBe(204);
    const denied = await pullAs(creds);
    expect(denied.ok).toBe(false);
    expect(denied.err).toMatch(/denied|unauthorized|authentication required/i);
    await reg.api('alice', 'POST', '/groups/team/members', { member: 'user:default/bob', role: 'reporter' });
    expect((await pullAs(creds)).ok).toBe(true);
  });

  it('a Developer cannot make a repository of a private group public, so anonymous pulls stay refused', async () => {
    const created = await reg.api('dave', 'POST', '/groups/team/repositories', { name: 'leak', visibility: 'public' });
    expect(created.status).toBe(403);
    expect((await reg.api('dave', 'POST', '/groups/team/repositories', { name: 'leak' })).status).toBe(201);
    expect((await reg.push('dave', 'v2', 'team/leak:v1')).ok).toBe(true);
    const put = await reg.api('dave', 'PUT', '/repositories/team/leak/visibility', { visibility: 'public' });
    expect(put.status).toBe(403);
    expect((await reg.inspect(undefined, 'team/leak:v1')).ok).toBe(false);
  });

  it('hidden and nonexistent repositories look the same to an anonymous client', async () => {
    expect((await reg.api('alice', 'POST', '/groups/pub/repositories', { name: 'hidden', visibility: 'private' })).status).toBe(201);
    expect((await reg.push('alice', 'v1', 'pub/hidden:v1')).ok).toBe(true);
    const hidden = await reg.inspect(undefined, 'pub/hidden:v1');
    const none = await reg.inspect(undefined, 'pub/nothing:v1');
    expect(hidden.ok).toBe(false);
    expect(none.ok).toBe(false);
    const shape = (err: string, name: string) =>
      err.replace(new RegExp(name, 'g'), 'NAME').replace(/time="[^"]*"/g, '');
    expect(shape(hidden.err, 'pub/hidden')).toBe(shape(none.err, 'pub/nothing'));
    const grant = async (name: string) =>
      decodeJwt(await reg.token(undefined, `repository:${name}:pull`)).access;
    expect(await grant('pub/hidden')).toEqual([{ type: 'repository', name: 'pub/hidden', actions: [] }]);
    expect(await grant('pub/nothing')).toEqual([{ type: 'repository', name: 'pub/nothing', actions: [] }]);
  });

  it('a deleted group hands no manifest or blob, tagged or untagged, to the next owner of its name', async () => {
    expect((await reg.api('carol', 'POST', '/groups', { name: 'gone' })).status).toBe(201);
    // v1 is pushed, then the tag moves to v2: v1 stays in the registry untagged
    expect((await reg.push('carol', 'v1', 'gone/img:latest')).ok).toBe(true);
    const first = JSON.parse((await reg.inspect('carol', 'gone/img:latest')).out);
    expect((await reg.push('carol', 'v2', 'gone/img:latest')).ok).toBe(true);
    const second = JSON.parse((await reg.inspect('carol', 'gone/img:latest')).out);
    expect(second.Digest).not.toBe(first.Digest);
    const carol = reg.creds('carol');
    expect(await raw(carol, 'repository:gone/img:pull', `/v2/gone/img/manifests/${first.Digest}`)).toBe(200);
    // the portal hears of both manifests through the registry's notifications
    for (let i = 0; i < 100; i++) {
      const activity = await reg.api('carol', 'GET', '/repositories/gone/img/activity');
      if (activity.body.items.filter((a: any) => a.action === 'image-pushed').length >= 2) break;
      await sleep(200);
    }
    expect((await reg.api('carol', 'DELETE', '/groups/gone')).status).toBe(204);
    // erin takes the name and looks for carol's images by digest
    expect((await reg.api('erin', 'POST', '/groups', { name: 'gone' })).status).toBe(201);
    expect((await reg.api('erin', 'POST', '/groups/gone/repositories', { name: 'img' })).status).toBe(201);
    const erin = reg.creds('erin');
    for (const image of [first, second]) {
      expect(await raw(erin, 'repository:gone/img:pull', `/v2/gone/img/manifests/${image.Digest}`)).toBe(404);
      for (const layer of image.Layers as string[]) {
        expect(await raw(erin, 'repository:gone/img:pull', `/v2/gone/img/blobs/${layer}`)).toBe(404);
      }
    }
    expect((await reg.inspect('erin', `gone/img@${first.Digest}`)).ok).toBe(false);
  });

  it('a repository delete removes untagged manifests too', async () => {
    expect((await reg.api('alice', 'POST', '/groups/team/repositories', { name: 'tmp' })).status).toBe(201);
    expect((await reg.push('alice', 'v1', 'team/tmp:x')).ok).toBe(true);
    const old = JSON.parse((await reg.inspect('alice', 'team/tmp:x')).out);
    expect((await reg.push('alice', 'v3', 'team/tmp:x')).ok).toBe(true);
    for (let i = 0; i < 100; i++) {
      const activity = await reg.api('alice', 'GET', '/repositories/team/tmp/activity');
      if (activity.body.items.filter((a: any) => a.action === 'image-pushed').length >= 2) break;
      await sleep(200);
    }
    expect((await reg.api('alice', 'DELETE', '/repositories/team/tmp')).status).toBe(204);
    const alice = reg.creds('alice');
    expect(await raw(alice, 'repository:team/tmp:pull', `/v2/team/tmp/manifests/${old.Digest}`)).toBe(404);
    expect(await raw(alice, 'repository:team/tmp:pull', `/v2/team/tmp/blobs/${old.Layers[0]}`)).toBe(404);
  });

  it("the registry's garbage collection frees a deleted repository's blobs, and the registry serves on", async () => {
    const own = path.join(reg.storageDir, '..', 'gc-oci');
    writeOciLayout(own, ['only']);
    expect((await reg.api('alice', 'POST', '/groups/team/repositories', { name: 'gc' })).status).toBe(201);
    const pushed = await reg.skopeo('copy', '--dest-tls-verify=false', '--dest-creds', reg.creds('alice'), `oci:${own}:only`, `docker://${reg.registryHost}/team/gc:x`);
    expect(pushed.ok).toBe(true);
    const image = JSON.parse((await reg.inspect('alice', 'team/gc:x')).out);
    const blobFile = (digest: string) => {
      const hex = digest.replace('sha256:', '');
      return path.join(reg.storageDir, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
    };
    expect(fs.existsSync(blobFile(image.Layers[0]))).toBe(true);
    for (let i = 0; i < 100; i++) {
      const activity = await reg.api('alice', 'GET', '/repositories/team/gc/activity');
      if (activity.body.items.some((a: any) => a.action === 'image-pushed')) break;
      await sleep(200);
    }
    expect((await reg.api('alice', 'DELETE', '/repositories/team/gc')).status).toBe(204);
    // unreachable at once; the bytes go with the garbage collection
    expect(fs.existsSync(blobFile(image.Layers[0]))).toBe(true);
    await reg.gc();
    expect(fs.existsSync(blobFile(image.Layers[0]))).toBe(false);
    expect((await reg.inspect('alice', 'team/app:v1')).ok).toBe(true);
  });

  it('registry tokens live 60 s', async () => {
    const token = decodeJwt(await reg.token(reg.creds('alice'), 'repository:team/app:pull'));
    expect(token.exp - token.iat).toBe(60);
  });
});

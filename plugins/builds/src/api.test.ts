import { ResponseError } from '@backstage/errors';
import { jsonResponse as json, recordingFetchApi } from '@cellport/common';
import { BuildsClient } from './api';

/** A client whose fetch records every call and answers with `answer`. */
function clientAnswering(answer: Parameters<typeof recordingFetchApi>[0]) {
  const { calls, ...deps } = recordingFetchApi(answer);
  return { client: new BuildsClient(deps), calls };
}

describe('BuildsClient', () => {
  it('sends every route of the contract with its method, path, query and body', async () => {
    const { client, calls } = clientAnswering(() => json({ items: [] }));
    const config = {
      name: 'shop',
      repositoryUrl: 'https://git.test/shop.git',
      imageRepository: 'team/shop',
    };
    await client.listConfigs();
    await client.listConfigs('abc');
    await client.createConfig(config as any);
    await client.getConfig('shop');
    await client.getWebhooks('shop');
    await client.rotateWebhookSecret('shop');
    await client.listBuilds('shop');
    await client.startBuild('shop', { noCache: true } as any);
    await client.getBuild('shop', 7);
    await client.cancelBuild('shop', 7);
    await client.getLog('shop', 7);
    await client.getLog('shop', 7, '1.20');
    await client.listActivity('shop');
    await client.listAgents();
    await client.listAgents('def');
    const c = 'http://backend.test/api/builds/configs';
    expect(calls).toEqual([
      { method: 'GET', url: c },
      { method: 'GET', url: `${c}?cursor=abc` },
      { method: 'POST', url: c, body: config },
      { method: 'GET', url: `${c}/shop` },
      { method: 'GET', url: `${c}/shop/webhooks` },
      { method: 'POST', url: `${c}/shop/webhooks/rotate` },
      { method: 'GET', url: `${c}/shop/builds` },
      { method: 'POST', url: `${c}/shop/builds`, body: { noCache: true } },
      { method: 'GET', url: `${c}/shop/builds/7` },
      { method: 'POST', url: `${c}/shop/builds/7/cancel` },
      { method: 'GET', url: `${c}/shop/builds/7/log` },
      { method: 'GET', url: `${c}/shop/builds/7/log?after=1.20` },
      { method: 'GET', url: `${c}/shop/activity` },
      { method: 'GET', url: 'http://backend.test/api/builds/agents' },
      {
        method: 'GET',
        url: 'http://backend.test/api/builds/agents?cursor=def',
      },
    ]);
  });

  it("rejects with the server's own message", async () => {
    const { client } = clientAnswering(() =>
      json(
        {
          error: { name: 'ConflictError', message: 'a build is running' },
          response: { statusCode: 409 },
        },
        409,
      ),
    );
    const error = await client.startBuild('shop', {} as any).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.message).toBe('a build is running');
  });
});

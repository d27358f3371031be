/*
 * A version runs a Cellport registry image only for who may pull it (issue 18, item 6): the REAL
 * cells and registry backend plugins in one test backend, one simulated cell. Bob, no member of
 * alice's private image group, cannot deploy its image (hidden, missing repository and missing
 * group answer alike), while alice can; and a registry image is pulled with
 * `imagePullPolicy: Always`, so that a node's cache never starts it without the credentials.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { mockCredentials } from '@backstage/backend-test-utils';
import registryPlugin from '@cellport/plugin-registry-backend';
import { versionSpec } from './api';
import {
  ALICE,
  BOB,
  CellsBackend,
  startCells,
  startCellsBackend,
  TestCells,
} from './harness';

jest.setTimeout(180_000);

const execFileP = promisify(execFile);
const CELL = 'ia-1';
/** The registry host of image references (`registry.host`); no docker registry is contacted. */
const HOST = '127.0.0.1:5999';

describe('version images need the pull right of their creator', () => {
  let dir: string;
  let cells: TestCells;
  let backend: CellsBackend;

  const registry = async (user: string, method: string, p: string, body?: unknown) => {
    const res = await fetch(`${backend.baseUrl.replace(/\/cells$/, '/registry')}${p}`, {
      method,
      headers: {
        authorization: mockCredentials.user.header(user),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
  };

  const containerOf = async (app: string, version: string) => {
    const d = await cells.clients[CELL].apps.readNamespacedDeployment({
      name: `${app}-${version}`,
      namespace: app,
    });
    return { pod: d.spec!.template.spec!, container: d.spec!.template.spec!.containers[0] };
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-image-access-'));
    await execFileP('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=cellport-test',
      '-keyout', path.join(dir, 'token.key'), '-out', path.join(dir, 'token.crt'),
    ]);
    cells = await startCells('ia', [CELL]);
    backend = await startCellsBackend({
      regions: cells.regions,
      features: [registryPlugin],
      config: {
        registry: {
          url: `http://${HOST}`,
          tokenKeyFile: path.join(dir, 'token.key'),
          tokenCertFile: path.join(dir, 'token.crt'),
        },
      },
    });
    await registry(ALICE, 'POST', '/groups', { name: 'secgrp' });
    await registry(ALICE, 'POST', '/groups/secgrp/repositories', { name: 'priv' });
    const bob = backend.api.as(BOB);
    await bob.expect(201, 'POST', '/apps', { name: 'bobapp', production: false, cells: [CELL] });
    await backend.api.expect(201, 'POST', '/apps', {
      name: 'aliceapp',
      production: false,
      cells: [CELL],
      imageRepository: 'secgrp/priv',
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await cells?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses bob an image he may not pull, hidden or missing alike, and creates nothing", async () => {
    const bob = backend.api.as(BOB);
    const messages: string[] = [];
    for (const [name, image] of [
      ['v1', `${HOST}/secgrp/priv:1`],
      ['v2', `${HOST}/secgrp/nothere:1`],
      ['v3', `${HOST}/nogroup/x:1`],
    ]) {
      const res = await bob.call('POST', '/apps/bobapp/versions', {
        name,
        spec: versionSpec({ [CELL]: 1 }, {}, image),
      });
      expect(res.status).toBe(400);
      messages.push(
        res.body.error.message.replace(image, 'IMAGE').replace(/'[a-z]+\/[a-z]+'/, "'REPO'"),
      );
    }
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toMatch(/or you may not pull from it/);
    expect((await bob.expect(200, 'GET', '/apps/bobapp/versions')).items).toEqual([]);
  });

  it('deploys another registry\'s image with the default pull policy', async () => {
    const bob = backend.api.as(BOB);
    await bob.expect(201, 'POST', '/apps/bobapp/versions', {
      name: 'pub',
      spec: versionSpec({ [CELL]: 1 }, {}, 'example/shop:1.0.0'),
    });
    expect((await containerOf('bobapp', 'pub')).container.imagePullPolicy).toBe('IfNotPresent');
  });

  it('deploys the private image for alice, pulled every time with the app\'s credentials', async () => {
    await backend.api.expect(201, 'POST', '/apps/aliceapp/versions', {
      name: 'v1',
      spec: versionSpec({ [CELL]: 1 }, {}, `${HOST}/secgrp/priv:1`),
    });
    const { pod, container } = await containerOf('aliceapp', 'v1');
    expect(container.imagePullPolicy).toBe('Always');
    expect(pod.imagePullSecrets).toEqual([{ name: 'aliceapp-pull' }]);
  });
});

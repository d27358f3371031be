/**
 * Setup shared by the scaffolder tests: two simulated cells and a test backend with the REAL cells
 * and registry plugins (plus the test's own features), the image group `team` owned by alice, and a
 * caller of any plugin's HTTP API as a given user.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type {
  BackendFeature,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import { mockCredentials } from '@backstage/backend-test-utils';
import registryPlugin from '@cellport/plugin-registry-backend';
import {
  ALICE,
  CellsBackend,
  startCells,
  startCellsBackend,
  TestCells,
} from '../cells/harness';

const execFileP = promisify(execFile);

/** A running scaffolder test setup. */
export interface ScaffolderSetup {
  cells: TestCells;
  backend: CellsBackend;
  /** The registry host of image references (`registry.url`; no registry runs, the nodes have the images). */
  registryHost: string;
  /** One request to a plugin's API as `user`. */
  call(
    user: string,
    plugin: string,
    method: string,
    p: string,
    body?: unknown,
  ): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * Starts cells `<region>-1` and `<region>-2` and the backend (with `extra.config` beside the
 * registry's, and `extra.catalog` instead of the harness's catalog); alice creates the image group
 * `team`.
 */
export async function startScaffolderSetup(
  region: string,
  registryHost: string,
  features: BackendFeature[],
  extra: { config?: JsonObject; catalog?: ServiceFactory } = {},
): Promise<ScaffolderSetup> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-scaffolder-'));
  await execFileP('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=cellport-test',
    '-keyout',
    path.join(dir, 'token.key'),
    '-out',
    path.join(dir, 'token.crt'),
  ]);
  const cells = await startCells(region, [`${region}-1`, `${region}-2`]);
  const backend = await startCellsBackend({
    regions: cells.regions,
    features: [registryPlugin, ...features],
    catalog: extra.catalog,
    config: {
      ...extra.config,
      registry: {
        url: `http://${registryHost}`,
        tokenKeyFile: path.join(dir, 'token.key'),
        tokenCertFile: path.join(dir, 'token.crt'),
      },
    },
  });
  const call: ScaffolderSetup['call'] = (user, plugin, method, p, body) =>
    fetch(`${backend.baseUrl.replace(/\/cells$/, `/${plugin}`)}${p}`, {
      method,
      headers: {
        authorization: mockCredentials.user.header(user),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  const res = await call(ALICE, 'registry', 'POST', '/groups', {
    name: 'team',
  });
  if (res.status !== 201) {
    throw new Error(`POST /groups: ${res.status} ${await res.text()}`);
  }
  return {
    cells,
    backend,
    registryHost,
    call,
    async stop() {
      await backend.stop();
      await cells.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

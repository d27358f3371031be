/**
 * The running portal's simulated cells straight from their Kubernetes API (what a test checks the
 * portal did), with clients made from the kubeconfigs scripts/start.sh writes in the instance's
 * state folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import type { CellClients } from '../cells/harness';

/** Clients of the portal's simulated cell `cell`. */
export function portalCell(cell: string): CellClients {
  const dir = path.join(
    process.env.CELLPORT_STATE_DIR ??
      path.resolve(__dirname, '../../../.cellport'), // eslint-disable-line no-restricted-syntax
    'cells',
  );
  const kc = new k8s.KubeConfig();
  kc.loadFromString(
    fs.readFileSync(path.join(dir, `${cell}.kubeconfig`), 'utf8'),
  );
  return {
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    discovery: kc.makeApiClient(k8s.DiscoveryV1Api),
  };
}

/** Whether the cell has the namespace `name`. */
export async function hasNamespace(
  cell: string,
  name: string,
): Promise<boolean> {
  try {
    await portalCell(cell).core.readNamespace({ name });
    return true;
  } catch (e: any) {
    if (e?.code === 404) return false;
    throw e;
  }
}

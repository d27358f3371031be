import {
  KubernetesObject,
  PatchStrategy,
  V1Pod,
} from '@kubernetes/client-node';
import { CellClient } from './CellClients';
import { kubeStatusCode, toCellError } from './errors';
import { appSelector, workloadName } from './manifests';
import { FIELD_MANAGER } from './types';

/**
 * The Kubernetes calls the workload and diagnostics services share: each error becomes a
 * Backstage error naming its cell (see {@link toCellError}).
 */

/** Runs one Kubernetes call of `cell`; `what` names it in the error, e.g. `read Pod x`. */
export async function callCell<T>(
  cell: string,
  what: string,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toCellError(cell, what, e);
  }
}

/** Like {@link callCell}, but a 404 answers `undefined`. */
export function readOrUndefined<T>(
  cell: string,
  what: string,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  return callCell(cell, what, async () => {
    try {
      return await fn();
    } catch (e) {
      if (kubeStatusCode(e) === 404) return undefined;
      throw e;
    }
  });
}

/** Server-side apply of `object` with field manager `cellport`, forced. */
export async function applyObject(
  client: CellClient,
  object: KubernetesObject,
): Promise<void> {
  await callCell(
    client.cell.name,
    `apply ${object.kind} ${object.metadata?.name}`,
    () =>
      client.objects.patch(
        object,
        undefined,
        undefined,
        FIELD_MANAGER,
        true,
        PatchStrategy.ServerSideApply,
      ),
  );
}

/** The Deployment of an app's version, undefined when it does not exist. */
export function readDeployment(
  client: CellClient,
  app: string,
  version: string,
) {
  const name = workloadName(app, version);
  return readOrUndefined(client.cell.name, `read Deployment ${name}`, () =>
    client.apps.readNamespacedDeployment({ name, namespace: app }),
  );
}

/** The pods of an app (optionally of one version) in the app's namespace. */
export async function readPods(
  client: CellClient,
  app: string,
  version?: string,
): Promise<V1Pod[]> {
  const list = await callCell(client.cell.name, `list Pods of ${app}`, () =>
    client.core.listNamespacedPod({
      namespace: app,
      labelSelector: appSelector(app, version),
    }),
  );
  return list.items;
}

/** Deletes an HPA; harmless when it does not exist. */
export async function deleteHpa(
  client: CellClient,
  app: string,
  name: string,
): Promise<void> {
  await readOrUndefined(client.cell.name, `delete HPA ${name}`, () =>
    client.autoscaling.deleteNamespacedHorizontalPodAutoscaler({
      name,
      namespace: app,
    }),
  );
}

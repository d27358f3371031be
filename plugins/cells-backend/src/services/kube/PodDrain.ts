import { LoggerService } from '@backstage/backend-plugin-api';
import {
  PatchStrategy,
  setHeaderOptions,
  V1Pod,
} from '@kubernetes/client-node';
import { CellClient } from './CellClients';
import { kubeStatusCode } from './errors';
import { callCell, readOrUndefined, readPods } from './kubeCalls';
import {
  isPodActive,
  readyAddressesOfEndpoints,
  readyAddressesOfSlices,
} from './summaries';
import { FIELD_MANAGER } from './types';

/** Pods with a lower cost are deleted first by the ReplicaSet controller. */
const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** The pod IPs of `pods` (pods without an address left out). */
export const ipsOf = (pods: V1Pod[]) =>
  pods.map(p => p.status?.podIP).filter((ip): ip is string => Boolean(ip));

/**
 * The steps of a scale-down that takes pods out of traffic before they go: marking the pods that
 * should leave, waiting for the ReplicaSet controller to remove them, and waiting until they are
 * out of the Service's endpoints. Every wait is bounded by the drain timeout.
 */
export class PodDrain {
  constructor(
    private readonly options: {
      logger: LoggerService;
      drainTimeoutMs: number;
      pollIntervalMs: number;
    },
  ) {}

  /** Sets the lowest pod deletion cost on the pods a scale-down should remove. */
  async markForDeletion(client: CellClient, app: string, pods: V1Pod[]) {
    for (const pod of pods) {
      const name = pod.metadata?.name ?? '';
      await readOrUndefined(client.cell.name, `annotate Pod ${name}`, () =>
        client.core.patchNamespacedPod(
          {
            name,
            namespace: app,
            body: {
              metadata: { annotations: { [POD_DELETION_COST]: '-1000' } },
            },
            fieldManager: FIELD_MANAGER,
          },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        ),
      );
    }
  }

  /**
   * The pods of `before` that the scale-down removes: waits (bounded by the drain timeout) until
   * no more than `replicas` of them are still active.
   */
  async leavingPods(
    client: CellClient,
    app: string,
    version: string,
    before: V1Pod[],
    replicas: number,
  ): Promise<V1Pod[]> {
    const deadline = Date.now() + this.options.drainTimeoutMs;
    for (;;) {
      const now = new Map(
        (await readPods(client, app, version)).map(p => [p.metadata?.uid, p]),
      );
      const leaving = before.filter(p => {
        const current = now.get(p.metadata?.uid);
        return !current || !isPodActive(current);
      });
      if (before.length - leaving.length <= replicas || Date.now() > deadline) {
        return leaving;
      }
      await sleep(this.options.pollIntervalMs);
    }
  }

  /**
   * Waits until the leaving pods are out of the Service's endpoints; gives up with a warning
   * after the drain timeout.
   */
  async waitOutOfEndpoints(client: CellClient, app: string, podIPs: string[]) {
    const cell = client.cell.name;
    const deadline = Date.now() + this.options.drainTimeoutMs;
    for (;;) {
      const ready = await callCell(cell, `read endpoints of ${app}`, () =>
        readyAddresses(client, app),
      );
      const still = podIPs.filter(ip => ready.has(ip));
      if (still.length === 0) {
        return;
      }
      if (Date.now() > deadline) {
        this.options.logger.warn(
          'Pods still in the endpoints after the drain timeout',
          { cell, app, podIPs: still.join(',') },
        );
        return;
      }
      await sleep(this.options.pollIntervalMs);
    }
  }
}

/** The addresses the app's Service sends traffic to (EndpointSlices, else Endpoints). */
async function readyAddresses(client: CellClient, app: string) {
  try {
    const slices = await client.discovery.listNamespacedEndpointSlice({
      namespace: app,
      labelSelector: `kubernetes.io/service-name=${app}`,
    });
    return readyAddressesOfSlices(slices.items);
  } catch (e) {
    if (kubeStatusCode(e) !== 404) throw e;
  }
  try {
    return readyAddressesOfEndpoints(
      await client.core.readNamespacedEndpoints({ name: app, namespace: app }),
    );
  } catch (e) {
    if (kubeStatusCode(e) === 404) return new Set<string>();
    throw e;
  }
}

import { InputError } from '@backstage/errors';
import { AppEvent, PodSummary } from '@cellport/plugin-cells-common';
import { Log } from '@kubernetes/client-node';
import { PassThrough, Writable } from 'node:stream';
import { CellClients } from './CellClients';
import { CellUnreachableError, kubeStatusCode } from './errors';
import { callCell, readOrUndefined } from './kubeCalls';
import { eventSummary, podSummary } from './summaries';
import {
  CELLPORT_LABELS,
  CellDiagnostics,
  NamespaceState,
  PodLogOptions,
} from './types';

/**
 * {@link CellDiagnostics} through @kubernetes/client-node: namespace state, events, one pod and
 * its logs, read live from the cell (never cached: these views are opened one at a time).
 *
 * @public
 */
export class KubeCellDiagnostics implements CellDiagnostics {
  constructor(private readonly clients: CellClients) {}

  async getNamespaceState(cell: string, app: string): Promise<NamespaceState> {
    const client = await this.clients.get(cell);
    const ns = await readOrUndefined(cell, `read Namespace ${app}`, () =>
      client.core.readNamespace({ name: app }),
    );
    if (!ns) {
      return 'absent';
    }
    const labels = ns.metadata?.labels ?? {};
    if (
      labels[CELLPORT_LABELS.managedBy] !== 'cellport' ||
      labels[CELLPORT_LABELS.app] !== app
    ) {
      return 'foreign';
    }
    return ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating'
      ? 'terminating'
      : 'cellport';
  }

  async listEvents(cell: string, app: string): Promise<AppEvent[]> {
    const client = await this.clients.get(cell);
    const events = await callCell(cell, `list Events of ${app}`, () =>
      client.core.listNamespacedEvent({ namespace: app }),
    );
    return events.items.map(e => eventSummary(cell, e));
  }

  async getPod(
    cell: string,
    app: string,
    pod: string,
  ): Promise<(PodSummary & { previousContainers: string[] }) | undefined> {
    const client = await this.clients.get(cell);
    const found = await readOrUndefined(cell, `read Pod ${pod}`, () =>
      client.core.readNamespacedPod({ name: pod, namespace: app }),
    );
    if (!found) {
      return undefined;
    }
    return {
      ...podSummary(cell, found),
      previousContainers: (found.status?.containerStatuses ?? [])
        .filter(c => c.lastState?.terminated)
        .map(c => c.name),
    };
  }

  async streamPodLog(
    cell: string,
    app: string,
    pod: string,
    options: PodLogOptions,
    out: Writable,
  ): Promise<AbortController> {
    const client = await this.clients.get(cell);
    // the Log class pipes the response into the stream it is given; a relay lets us see the
    // source's errors (an abort, a cut connection), which would otherwise be unhandled
    const relay = new PassThrough();
    relay.on('pipe', source => {
      source.on('error', () => relay.end());
    });
    const controller = await callCell(
      cell,
      `read the log of pod ${pod}`,
      async () => {
        try {
          return await new Log(client.kc).log(
            app,
            pod,
            options.container,
            relay,
            {
              follow: options.follow ?? false,
              previous: options.previous ?? false,
              tailLines: options.tailLines,
              limitBytes: options.limitBytes,
            },
          );
        } catch (e) {
          // the Log class reports 4xx without the API server's message
          if (kubeStatusCode(e) === 400) {
            throw new InputError(
              `cell '${cell}': the log of container '${
                options.container
              }' of pod '${pod}' cannot be read${
                options.previous ? ' (it has no previous instance)' : ''
              }`,
            );
          }
          if (kubeStatusCode(e) === 500 && !(e as { body?: unknown }).body) {
            // the Log class turns network failures into a bare 500
            throw new CellUnreachableError(
              cell,
              `cell '${cell}' is unreachable: the log of pod '${pod}' could not be read`,
            );
          }
          throw e;
        }
      },
    );
    relay.pipe(out);
    return controller;
  }
}

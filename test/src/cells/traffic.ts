/**
 * Test-side observers of a release: a load generator sending steady HTTP requests to the app's
 * pods the way a load balancer does (the Service's ready endpoints, re-listed as pods come and go)
 * and a sampler recording what the cells run while the release goes on.
 */
import { CellClients } from './harness';

/** One request of the load generator. */
export interface RequestResult {
  /** When it was sent (ms since the epoch). */
  at: number;
  cell: string;
  pod: string;
  /** The version that answered (from the answer, else the pod's label). */
  version?: string;
  /** HTTP status; undefined when the request failed without an answer. */
  status?: number;
  error?: string;
}

/** A pod the load generator sends to. */
export interface TrafficTarget {
  cell: string;
  pod: string;
  version?: string;
  url: string;
}

/** `<app>-<version>-<replicaset hash>-<suffix>` → version (pods of a Deployment). */
function versionOfPodName(app: string, pod: string): string | undefined {
  const parts = pod.startsWith(`${app}-`)
    ? pod.slice(app.length + 1).split('-')
    : [];
  return parts.length > 2 ? parts.slice(0, -2).join('-') : undefined;
}

/** A running load generator. */
export interface Traffic {
  readonly results: RequestResult[];
  /** The ready endpoints it currently sends to. */
  targets(): TrafficTarget[];
  /** Stops sending and waits for the requests in flight. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Sends `ratePerSecond` requests per second in all (round robin) to the ready endpoints of the
 * app's Service in every cell, re-listed every `refreshMs` (EndpointSlices, as kube-proxy or an
 * ingress controller would). A cell whose endpoints cannot be read keeps its last known ones. At
 * most `maxInFlight` requests are open at once; each one times out after 5 s.
 */
export function startTraffic(options: {
  app: string;
  cells: Record<string, CellClients>;
  ratePerSecond?: number;
  refreshMs?: number;
  maxInFlight?: number;
}): Traffic {
  const { app, cells } = options;
  const results: RequestResult[] = [];
  const byCell = new Map<string, TrafficTarget[]>();
  const inFlight = new Set<Promise<void>>();
  let running = true;
  let next = 0;

  const refreshCell = async (cell: string) => {
    const client = cells[cell];
    const [slices, pods] = await Promise.all([
      client.discovery.listNamespacedEndpointSlice({
        namespace: app,
        labelSelector: `kubernetes.io/service-name=${app}`,
      }),
      client.core.listNamespacedPod({
        namespace: app,
        labelSelector: `cellport.io/app=${app}`,
      }),
    ]);
    const versions = new Map(
      pods.items.map(p => [
        p.metadata?.name,
        p.metadata?.labels?.['cellport.io/version'],
      ]),
    );
    const targets: TrafficTarget[] = [];
    for (const slice of slices.items) {
      const port = slice.ports?.[0]?.port ?? 8080;
      for (const endpoint of slice.endpoints ?? []) {
        const pod = endpoint.targetRef?.name ?? endpoint.addresses[0];
        if (endpoint.conditions?.ready !== false && endpoint.addresses[0]) {
          targets.push({
            cell,
            pod,
            version: versions.get(pod) ?? versionOfPodName(app, pod),
            url: `http://${endpoint.addresses[0]}:${port}/load`,
          });
        }
      }
    }
    byCell.set(cell, targets);
  };

  const refresher = (async () => {
    while (running) {
      await Promise.all(
        Object.keys(cells).map(cell => refreshCell(cell).catch(() => {})),
      );
      await sleep(options.refreshMs ?? 500);
    }
  })();

  const targets = () => [...byCell.values()].flat();

  const send = (target: TrafficTarget) => {
    const result: RequestResult = {
      at: Date.now(),
      cell: target.cell,
      pod: target.pod,
      version: target.version,
    };
    const request = (async () => {
      try {
        const res = await fetch(target.url, {
          signal: AbortSignal.timeout(5_000),
        });
        result.status = res.status;
        const text = await res.text();
        try {
          const body = JSON.parse(text);
          if (typeof body?.version === 'string') {
            result.version = body.version;
          }
        } catch {
          // not the simulated app's JSON: keep the label's version
        }
      } catch (e) {
        const error = e as Error & { cause?: { code?: string } };
        result.error = error.cause?.code ?? error.name ?? String(e);
      }
      results.push(result);
    })();
    inFlight.add(request);
    request.finally(() => inFlight.delete(request));
  };

  const timer = setInterval(() => {
    const all = targets();
    if (!running || all.length === 0) {
      return;
    }
    if (inFlight.size >= (options.maxInFlight ?? 40)) {
      return;
    }
    send(all[next++ % all.length]);
  }, 1000 / (options.ratePerSecond ?? 20));

  return {
    results,
    targets,
    async stop() {
      running = false;
      clearInterval(timer);
      await refresher;
      await Promise.allSettled([...inFlight]);
    },
  };
}

/** One observation of a sampler, stamped when it was complete. */
export interface Sample<T> {
  at: number;
  value: T;
}

/** A running sampler. */
export interface Sampler<T> {
  readonly samples: Array<Sample<T>>;
  /** Failed observations (e.g. a cell that did not answer), stamped too. */
  readonly errors: Array<Sample<string>>;
  stop(): Promise<void>;
}

/** Calls `observe` every `intervalMs` (never overlapping) and keeps what it saw. */
export function startSampler<T>(
  observe: () => Promise<T>,
  intervalMs = 500,
): Sampler<T> {
  const samples: Array<Sample<T>> = [];
  const errors: Array<Sample<string>> = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const value = await observe();
        samples.push({ at: Date.now(), value });
      } catch (e) {
        errors.push({ at: Date.now(), value: String(e) });
      }
      await sleep(intervalMs);
    }
  })();
  return {
    samples,
    errors,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/**
 * Steady HTTP traffic to an app's ready pods in a running portal, as a load balancer would send it:
 * the pods come from the cells plugin's own overview (`GET /api/cells/apps/:app/overview`, pod IPs
 * on this machine's loopback), re-read every second, and requests go round robin at a fixed rate.
 * The browser tests use it so that release gates measure real traffic in the portal's Prometheus.
 */

/** One answer (or failure) of the traffic. */
export interface PortalRequest {
  at: number;
  cell: string;
  version?: string;
  status?: number;
}

/** A running traffic loop. */
export interface PortalTraffic {
  readonly results: PortalRequest[];
  stop(): Promise<void>;
}

interface Target {
  cell: string;
  version?: string;
  url: string;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Sends `ratePerSecond` requests per second to the ready pods of `app` (port `port`) until
 * stopped; `token()` gives the bearer token the overview is read with.
 */
export function startPortalTraffic(options: {
  portalUrl: string;
  app: string;
  token: () => string;
  port?: number;
  ratePerSecond?: number;
}): PortalTraffic {
  const { portalUrl, app, port = 8080, ratePerSecond = 10 } = options;
  const results: PortalRequest[] = [];
  let targets: Target[] = [];
  let running = true;
  const inFlight = new Set<Promise<void>>();

  const refresh = async () => {
    while (running) {
      try {
        const res = await fetch(`${portalUrl}/api/cells/apps/${app}/overview`, {
          headers: { authorization: `Bearer ${options.token()}` },
          signal: AbortSignal.timeout(5000),
        });
        if (res.ok) {
          const overview = (await res.json()) as {
            cells: Array<{
              cell: string;
              pods: Array<{ ip?: string; ready: boolean; version?: string }>;
            }>;
          };
          targets = overview.cells.flatMap(c =>
            c.pods
              .filter(p => p.ready && p.ip)
              .map(p => ({
                cell: c.cell,
                version: p.version,
                url: `http://${p.ip}:${port}/`,
              })),
          );
        }
      } catch {
        // keep the last known targets
      }
      await sleep(1000);
    }
  };

  const send = async () => {
    let i = 0;
    while (running) {
      const target = targets.length ? targets[i++ % targets.length] : undefined;
      if (target && inFlight.size < 50) {
        const request = fetch(target.url, { signal: AbortSignal.timeout(3000) })
          .then(async res => {
            await res.arrayBuffer();
            results.push({
              at: Date.now(),
              cell: target.cell,
              version: target.version,
              status: res.status,
            });
          })
          .catch(() => {
            results.push({
              at: Date.now(),
              cell: target.cell,
              version: target.version,
            });
          })
          .finally(() => inFlight.delete(request));
        inFlight.add(request);
      }
      await sleep(1000 / ratePerSecond);
    }
  };

  const loops = [refresh(), send()];
  return {
    results,
    async stop() {
      running = false;
      await Promise.all(loops);
      await Promise.all([...inFlight]);
    },
  };
}

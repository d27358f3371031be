import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/** Result of one probe. */
export interface ProbeResult {
  ok: boolean;
  /** Failure text in the kubelet's wording. */
  message: string;
}

/** Resolves a probe port (number, numeric string or container port name). */
export function resolvePort(port: unknown, containerPorts: { name?: string; containerPort: number }[]): number | undefined {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  return containerPorts.find(p => p.name === port)?.containerPort;
}

/** Runs one probe (httpGet, tcpSocket; exec and grpc handlers are treated as described in the README). */
export function runProbe(probe: any, podIP: string, containerPorts: { name?: string; containerPort: number }[], userAgent = 'kube-probe/1.26'): Promise<ProbeResult> {
  const timeoutMs = Math.max(1, probe.timeoutSeconds ?? 1) * 1000;
  if (probe.httpGet) {
    const port = resolvePort(probe.httpGet.port, containerPorts);
    const host = probe.httpGet.host || podIP;
    const scheme = String(probe.httpGet.scheme ?? 'HTTP').toLowerCase();
    const path = probe.httpGet.path ?? '/';
    const url = `${scheme}://${host}:${port}${path}`;
    if (port === undefined) return Promise.resolve({ ok: false, message: `Get "${url}": invalid port ${probe.httpGet.port}` });
    return new Promise(resolve => {
      const headers: Record<string, string> = { 'User-Agent': userAgent, Accept: '*/*' };
      for (const h of probe.httpGet.httpHeaders ?? []) headers[h.name] = h.value;
      const mod = scheme === 'https' ? https : http;
      const req = mod.request(
        { host, port, path, method: 'GET', headers, agent: false, timeout: timeoutMs, rejectUnauthorized: false },
        res => {
          res.resume();
          const code = res.statusCode ?? 0;
          if (code >= 200 && code < 400) resolve({ ok: true, message: '' });
          else resolve({ ok: false, message: `HTTP probe failed with statuscode: ${code}` });
        },
      );
      req.on('timeout', () => {
        req.destroy();
        resolve({ ok: false, message: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
      });
      req.on('error', (e: any) => {
        const detail = e?.code === 'ECONNREFUSED' ? `dial tcp ${host}:${port}: connect: connection refused` : String(e?.message ?? e);
        resolve({ ok: false, message: `Get "${url}": ${detail}` });
      });
      req.end();
    });
  }
  if (probe.tcpSocket || probe.grpc) {
    const port = resolvePort(probe.tcpSocket?.port ?? probe.grpc?.port, containerPorts);
    const host = probe.tcpSocket?.host || podIP;
    return new Promise(resolve => {
      if (port === undefined) {
        resolve({ ok: false, message: `dial tcp ${host}: invalid port` });
        return;
      }
      const sock = net.connect({ host, port, timeout: timeoutMs });
      sock.on('connect', () => {
        sock.destroy();
        resolve({ ok: true, message: '' });
      });
      sock.on('timeout', () => {
        sock.destroy();
        resolve({ ok: false, message: `dial tcp ${host}:${port}: i/o timeout` });
      });
      sock.on('error', () => resolve({ ok: false, message: `dial tcp ${host}:${port}: connect: connection refused` }));
    });
  }
  // exec probes cannot run a command in a simulated container: they succeed.
  return Promise.resolve({ ok: true, message: '' });
}

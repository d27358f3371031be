import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

/** What a kubeconfig needs to know about one cell. */
export interface KubeconfigCell {
  name: string;
  server: string;
  token: string;
  caCert?: string;
}

/** Builds a kubeconfig (YAML) with one cluster, user and context per cell; the first is current. */
export function buildKubeconfig(cells: KubeconfigCell[], currentContext?: string): string {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: cells.map(c => ({
      name: c.name,
      cluster: {
        server: c.server,
        ...(c.caCert ? { 'certificate-authority-data': Buffer.from(c.caCert).toString('base64') } : {}),
        // @kubernetes/client-node refuses plain HTTP unless TLS verification is explicitly skipped.
        ...(c.server.startsWith('http:') ? { 'insecure-skip-tls-verify': true } : {}),
      },
    })),
    users: cells.map(c => ({ name: `${c.name}-admin`, user: { token: c.token } })),
    contexts: cells.map(c => ({ name: c.name, context: { cluster: c.name, user: `${c.name}-admin` } })),
    'current-context': currentContext ?? cells[0]?.name ?? '',
  };
  return yaml.dump(doc, { lineWidth: -1 });
}

/** Writes a file atomically (write to a temp file, then rename), creating directories. */
export function writeFileAtomic(file: string, content: string, mode = 0o600) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode });
  fs.renameSync(tmp, file);
}

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A generated CA and a server certificate signed by it. */
export interface CellTls {
  caCert: string;
  key: string;
  cert: string;
}

/**
 * Generates a CA and a server certificate for 127.0.0.1/localhost (and `kubernetes.default.svc`) with the `openssl` CLI
 * (Node has no X.509 writer). Throws with a clear message when openssl is missing.
 */
export function generateTls(commonName: string, host: string): CellTls {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cell-sim-tls-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  try {
    // ECDSA P-256 keys: quick to generate on every cell start, accepted by kubectl and Node alike.
    const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
    run(['req', '-x509', ...key, '-nodes', '-days', '3650', '-subj', `/CN=${commonName}-ca`, '-keyout', 'ca.key', '-out', 'ca.crt']);
    run(['req', ...key, '-nodes', '-subj', `/CN=${commonName}`, '-keyout', 'server.key', '-out', 'server.csr']);
    const san = `subjectAltName=IP:${host},IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n`;
    fs.writeFileSync(path.join(dir, 'ext.cnf'), san);
    run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '3650', '-out', 'server.crt', '-extfile', 'ext.cnf']);
    return {
      caCert: fs.readFileSync(path.join(dir, 'ca.crt'), 'utf8'),
      key: fs.readFileSync(path.join(dir, 'server.key'), 'utf8'),
      cert: fs.readFileSync(path.join(dir, 'server.crt'), 'utf8'),
    };
  } catch (e: any) {
    if (e?.code === 'ENOENT') throw new Error('TLS for simulated cells needs the openssl command line tool on PATH');
    throw e;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

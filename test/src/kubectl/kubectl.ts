/**
 * Runs the real kubectl (`CELLPORT_KUBECTL`, default `kubectl` on PATH) against a kubeconfig, as a
 * user would: no flags beyond the command's own, output returned as text.
 */
import { execFile, spawn } from 'node:child_process';

/** Result of one kubectl run. */
export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** kubectl bound to one kubeconfig. */
export type Kubectl = (args: string[], input?: string) => Promise<KubectlResult>;

/** Returns a runner for `kubeconfig`; a non-zero exit is returned, not thrown. */
export function kubectlFor(kubeconfig: string): Kubectl {
  const bin = process.env.CELLPORT_KUBECTL ?? 'kubectl';
  return (args, input) =>
    new Promise((resolve, reject) => {
      const child = execFile(
        bin,
        args,
        { env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: `${kubeconfig}.cache` }, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error && typeof (error as any).code !== 'number') {
            reject(new Error(`kubectl ${args.join(' ')} could not run (${bin}): ${error.message}`));
            return;
          }
          resolve({ code: error ? Number((error as any).code) : 0, stdout: String(stdout), stderr: String(stderr) });
        },
      );
      if (input !== undefined) child.stdin?.end(input);
    });
}

/** A long-running kubectl (e.g. `get -w`) whose output so far can be read; stopped by the test. */
export interface KubectlStream {
  output(): string;
  stop(): void;
}

/** Starts kubectl with `args` on `kubeconfig` without waiting for it to end. */
export function kubectlStream(kubeconfig: string, args: string[]): KubectlStream {
  const child = spawn(process.env.CELLPORT_KUBECTL ?? 'kubectl', args, {
    env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: `${kubeconfig}.cache` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', chunk => {
    out += String(chunk);
  });
  child.stderr.on('data', chunk => {
    out += String(chunk);
  });
  return { output: () => out, stop: () => child.kill('SIGTERM') };
}

/** Runs kubectl and fails with its stderr unless it exits 0; returns stdout. */
export async function ok(kubectl: Kubectl, args: string[], input?: string): Promise<string> {
  const r = await kubectl(args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** Splits a kubectl table (whitespace-aligned columns) into header names and rows of cells. */
export function parseTable(text: string): { headers: string[]; rows: Record<string, string>[] } {
  const lines = text.split('\n').filter(l => l.trim());
  if (!lines.length) return { headers: [], rows: [] };
  const header = lines[0];
  const starts: number[] = [];
  const headers: string[] = [];
  for (const m of header.matchAll(/\S+(?: \S+)*/g)) {
    starts.push(m.index!);
    headers.push(m[0]);
  }
  const rows = lines.slice(1).map(line => {
    const row: Record<string, string> = {};
    headers.forEach((h, i) => {
      row[h] = line.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : undefined).trim();
    });
    return row;
  });
  return { headers, rows };
}

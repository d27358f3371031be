import { startSimulator } from '../simulator';
import { parseArgs, USAGE } from './args';
import { prometheusConfigCli } from './prometheusConfig';

/** Entry point of `bin/cell-sim`. Resolves when the simulator has stopped. */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'prometheus-config') return prometheusConfigCli(argv.slice(1));
  let config;
  try {
    config = parseArgs(argv);
  } catch (e: any) {
    process.stderr.write(`cell-sim: ${e?.message ?? e}\n`);
    return 2;
  }
  if (config === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  let sim;
  try {
    sim = await startSimulator({ cells: config.cells, stateDir: config.stateDir, adminPort: config.adminPort, timings: config.timings, kubernetesVersion: config.kubernetesVersion });
  } catch (e: any) {
    const hint = e?.code === 'EADDRINUSE' ? ` (port ${e.port} is in use: is another cell-sim running? choose another --port-base)` : '';
    process.stderr.write(`cell-sim: failed to start: ${e?.message ?? e}${hint}\n`);
    return 1;
  }
  process.stdout.write(`${JSON.stringify({
    ready: true,
    simulated: true,
    pid: process.pid,
    stateDir: config.stateDir,
    kubeconfig: config.stateDir ? `${config.stateDir}/kubeconfig` : undefined,
    adminUrl: sim.adminUrl,
    kubernetesVersion: sim.cells[0]?.cell.version.gitVersion,
    cells: sim.cells.map(c => ({ name: c.name, region: c.region, url: c.url, kubeconfig: config.stateDir ? `${config.stateDir}/${c.name}.kubeconfig` : undefined })),
  })}\n`);
  return new Promise<number>(resolve => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`cell-sim: ${signal} received, stopping cells\n`);
      const force = setTimeout(() => resolve(1), 10_000);
      force.unref();
      sim!.stop().then(
        () => {
          clearTimeout(force);
          resolve(0);
        },
        () => resolve(1),
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

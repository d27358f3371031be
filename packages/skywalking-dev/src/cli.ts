import { startSkyWalkingDevServer } from './server';

/** `skywalking-dev [--port 12800]`: runs the server until SIGTERM/SIGINT; prints one JSON line when ready. */
export async function main(args: string[]): Promise<number> {
  const i = args.indexOf('--port');
  const port = i >= 0 ? Number(args[i + 1]) : 12800;
  const server = await startSkyWalkingDevServer({ port });
  process.stdout.write(`${JSON.stringify({ ready: true, url: server.url, pid: process.pid })}\n`);
  await new Promise<void>(resolve => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await server.stop();
  return 0;
}

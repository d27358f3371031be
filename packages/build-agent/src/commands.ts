import { spawn } from 'node:child_process';
import readline from 'node:readline';

/**
 * A command that exited with a failure, with its last output lines for the reason.
 *
 * @public
 */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly lastLines: string[],
  ) {
    super(
      `${command} ${
        signal ? `was killed (${signal})` : `exited with code ${exitCode}`
      }${lastLines.length ? `: ${lastLines[lastLines.length - 1]}` : ''}`,
    );
  }
}

/**
 * Options of {@link runCommand}.
 *
 * @public
 */
export type RunCommandOptions = {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Aborting kills the command (and, through its process group, what it started). */
  signal?: AbortSignal;
  /** Each output line (stdout and stderr), as it comes. */
  onLine?: (line: string) => void;
};

/**
 * Runs a command to its end, streaming its output lines. The command runs in its own process
 * group under `setpriv --pdeathsig SIGKILL` when available, so it dies with the agent and a
 * cancellation kills the whole group.
 *
 * @throws CommandError when it fails or is aborted.
 * @public
 */
export function runCommand(
  command: string,
  args: string[],
  options: RunCommandOptions = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new CommandError(command, null, 'SIGKILL', ['cancelled']));
      return;
    }
    const child = spawn(
      'setpriv',
      ['--pdeathsig', 'SIGKILL', '--', command, ...args],
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    const last: string[] = [];
    const onLine = (line: string) => {
      last.push(line);
      if (last.length > 20) {
        last.shift();
      }
      options.onLine?.(line);
    };
    readline.createInterface({ input: child.stdout! }).on('line', onLine);
    readline.createInterface({ input: child.stderr! }).on('line', onLine);
    const kill = () => {
      if (child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    };
    options.signal?.addEventListener('abort', kill, { once: true });
    child.on('error', e => {
      options.signal?.removeEventListener('abort', kill);
      reject(new CommandError(command, null, null, [e.message]));
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', kill);
      if (code === 0) {
        resolve();
      } else {
        reject(new CommandError(command, code, signal, last));
      }
    });
  });
}

/**
 * Runs a command and returns its trimmed standard output (for short queries such as
 * `git rev-parse`).
 *
 * @public
 */
export async function captureCommand(
  command: string,
  args: string[],
  options: RunCommandOptions = {},
): Promise<string> {
  const lines: string[] = [];
  await runCommand(command, args, {
    ...options,
    onLine: line => lines.push(line),
  });
  return lines.join('\n').trim();
}

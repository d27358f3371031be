import { execFile } from 'node:child_process';

/**
 * Bytes used by folders (`du -sbc`); 0 for missing ones or when `du` fails.
 *
 * @public
 */
export function directorySize(dirs: string[]): Promise<number> {
  return new Promise(resolve => {
    execFile('du', ['-sbc', ...dirs], (_err, stdout) => {
      const total = String(stdout ?? '')
        .trim()
        .split('\n')
        .pop();
      const bytes = Number(total?.split(/\s+/)[0]);
      resolve(Number.isFinite(bytes) ? bytes : 0);
    });
  });
}

/**
 * Waits, by polling the app overview, until a version is Ready in given cells.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import type { AppOverview, CellAppView } from '@cellport/plugin-cells-common';
import { CellportApi } from '../api/CellportApi';
import { sleep } from './sleep';

/** Options of {@link waitUntilReady}. */
export interface WaitUntilReadyOptions {
  api: CellportApi;
  app: string;
  version: string;
  /** Replicas expected Ready per cell. */
  expected: Record<string, number>;
  timeoutMs: number;
  logger: LoggerService;
  signal?: AbortSignal;
  /** Time between two looks at the cells (default 2 s). */
  intervalMs?: number;
}

/** What one cell says about the version, in a sentence; undefined when it is Ready. */
export function cellState(
  view: CellAppView | undefined,
  version: string,
  expected: number,
): string | undefined {
  if (!view) return 'not in the overview';
  if (!view.reachable) return `unreachable (${view.error ?? 'no answer'})`;
  const status = view.versions.find(v => v.version === version);
  if (!status) return 'no Deployment yet';
  if (
    status.desired === expected &&
    status.ready >= expected &&
    status.updated >= expected
  ) {
    return undefined;
  }
  const waiting = view.pods
    .filter(p => p.version === version && !p.ready)
    .map(p => `${p.name} ${p.status}`);
  return `${status.ready}/${expected} ready${
    waiting.length ? ` (${waiting.join(', ')})` : ''
  }`;
}

/**
 * Resolves once every cell of `expected` reports the version with all its replicas Ready; logs
 * each change of a cell's state; throws naming each cell's last state when `timeoutMs` passes or
 * the task is cancelled.
 */
export async function waitUntilReady(
  options: WaitUntilReadyOptions,
): Promise<void> {
  const { api, app, version, expected, logger, signal } = options;
  const cells = Object.keys(expected);
  if (!cells.length) return;
  const deadline = Date.now() + options.timeoutMs;
  const last = new Map<string, string | undefined>();
  for (;;) {
    const overview = await api.request<AppOverview>(
      'cells',
      'GET',
      `/apps/${encodeURIComponent(app)}/overview`,
    );
    let pending = 0;
    for (const cell of cells) {
      const state = cellState(
        overview.cells.find(c => c.cell === cell),
        version,
        expected[cell],
      );
      if (state) pending += 1;
      if (!last.has(cell) || last.get(cell) !== state) {
        logger.info(`${app} ${version} in ${cell}: ${state ?? 'Ready'}`);
        last.set(cell, state);
      }
    }
    if (!pending) return;
    if (signal?.aborted) {
      throw new Error(
        `Cancelled while waiting for ${app} ${version} to be Ready`,
      );
    }
    if (Date.now() > deadline) {
      const states = cells
        .filter(cell => last.get(cell))
        .map(cell => `${cell}: ${last.get(cell)}`);
      throw new Error(
        `${app} ${version} was not Ready within ${Math.round(
          options.timeoutMs / 1000,
        )} s in ${states.join('; ')}`,
      );
    }
    await sleep(options.intervalMs ?? 2000, signal);
  }
}

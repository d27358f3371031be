/** Behaviour switches of a simulated container, read from its environment (SIM_* variables). */
export interface SimEnv {
  /** Share of requests (0..1) answered with 500. */
  failRate: number;
  /** Added latency range in ms. */
  latencyMs: [number, number];
  /** The app reports not ready until this many ms after start. */
  readyAfterMs: number;
  /** The app never reports ready. */
  neverReady: boolean;
  /** The container exits this many ms after start (undefined: never). */
  crashAfterMs?: number;
  /** Exit code used by SIM_CRASH_AFTER_MS. */
  exitCode: number;
  /** Idle CPU use in millicores. */
  cpuMillicores: number;
  /** CPU time per request in ms. */
  cpuMsPerRequest: number;
  /** Memory working set in MiB. */
  memoryMb: number;
}

function num(v: string | undefined, fallback: number): number {
  if (v === undefined || v.trim() === '') return fallback;
  const n = Number(v);
  return Number.isFinite(n) ? n : fallback;
}

/** Parses the SIM_* variables of a resolved container environment. */
export function parseSimEnv(env: Record<string, string>): SimEnv {
  const lat = (env.SIM_LATENCY_MS ?? '').trim();
  let latencyMs: [number, number] = [0, 0];
  const range = lat.match(/^(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)$/);
  if (range) latencyMs = [Number(range[1]), Number(range[2])];
  else if (lat) latencyMs = [num(lat, 0), num(lat, 0)];
  const crash = env.SIM_CRASH_AFTER_MS;
  return {
    failRate: Math.min(1, Math.max(0, num(env.SIM_FAIL_RATE, 0))),
    latencyMs,
    readyAfterMs: num(env.SIM_READY_AFTER_MS, 0),
    neverReady: ['1', 'true', 'yes'].includes(String(env.SIM_NEVER_READY ?? '').toLowerCase()),
    crashAfterMs: crash !== undefined && crash.trim() !== '' ? num(crash, 0) : undefined,
    exitCode: num(env.SIM_EXIT_CODE, 1),
    cpuMillicores: num(env.SIM_CPU_MILLICORES, 5),
    cpuMsPerRequest: num(env.SIM_CPU_MS_PER_REQUEST, 2),
    memoryMb: num(env.SIM_MEMORY_MB, 24),
  };
}

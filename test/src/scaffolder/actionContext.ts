/**
 * Runs a scaffolder action's handler the way the scaffolder does for one step: a context with the
 * initiator's credentials, the dry-run flag, a logger whose lines the test reads, and the outputs.
 */
import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject, JsonValue } from '@backstage/types';

/** What one step produced. */
export interface StepResult {
  output: Record<string, JsonValue>;
  log: string[];
}

function captureLogger(lines: string[]): LoggerService {
  const logger: LoggerService = {
    info: m => void lines.push(m),
    warn: m => void lines.push(`warn: ${m}`),
    error: m => void lines.push(`error: ${m}`),
    debug: () => {},
    child: () => logger,
  };
  return logger;
}

/** Runs `action` with `input` as `credentials`; the step's output and log lines. */
export async function runStep(
  action: TemplateAction<any, any, any>,
  input: JsonObject,
  credentials: BackstageCredentials,
  options: { dryRun?: boolean; log?: string[] } = {},
): Promise<StepResult> {
  const output: Record<string, JsonValue> = {};
  // the caller's array, when given, keeps the lines of a step that throws
  const log: string[] = options.log ?? [];
  if (options.dryRun && !action.supportsDryRun) {
    throw new Error(`${action.id} does not support dry run`);
  }
  await action.handler({
    input,
    logger: captureLogger(log),
    workspacePath: '/nonexistent',
    output: (name: string, value: JsonValue) => {
      output[name] = value;
    },
    checkpoint: async ({ fn }: { fn: () => any }) => fn(),
    createTemporaryDirectory: async () => {
      throw new Error('not needed by the Cellport actions');
    },
    getInitiatorCredentials: async () => credentials,
    task: { id: 'test-task' },
    isDryRun: options.dryRun ?? false,
  } as any);
  return { output, log };
}

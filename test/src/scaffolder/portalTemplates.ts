/**
 * Running the portal's templates as its users do (the scaffolder's tasks API), and reading the
 * local git server, for the template end-to-end tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { waitFor } from '../lib/portal';

// test code, never built into a package: the repository root is three folders up
const here = __dirname; // eslint-disable-line no-restricted-syntax
/** The template folders of the repository. */
export const TEMPLATES_DIR = path.resolve(here, '../../../catalog/templates');

/** The local git server of the portal instance (scripts/builds-local.sh). */
export const gitServerUrl = () =>
  `http://127.0.0.1:${process.env.CELLPORT_GIT_PORT ?? '8418'}`;

/** A finished scaffolder task with its log as one text. */
export interface TaskRun {
  id: string;
  status: string;
  log: string;
  /** The step that failed, when one did. */
  failedStep?: string;
  output: any;
}

/** The scaffolder of a running portal, as one user. */
export class Scaffolder {
  constructor(readonly url: string, readonly token: string) {}

  private async fetch(p: string, body?: unknown) {
    return fetch(`${this.url}/api/scaffolder${p}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** Runs a catalog template to its end (completed or failed). */
  async run(
    templateName: string,
    values: Record<string, unknown>,
    timeoutMs = 480_000,
  ): Promise<TaskRun> {
    const res = await this.fetch('/v2/tasks', {
      templateRef: `template:default/${templateName}`,
      values,
    });
    if (res.status !== 201) {
      throw new Error(`POST /v2/tasks: ${res.status} ${await res.text()}`);
    }
    const { id } = (await res.json()) as { id: string };
    const task = await waitFor(
      `task ${id} of ${templateName} to finish`,
      async () => {
        const body = (await (
          await this.fetch(`/v2/tasks/${id}`)
        ).json()) as any;
        return ['completed', 'failed', 'cancelled'].includes(body.status)
          ? body
          : undefined;
      },
      timeoutMs,
      500,
    );
    const events = (await (
      await this.fetch(`/v2/tasks/${id}/events`)
    ).json()) as any[];
    const log = events
      .filter(e => e.type === 'log')
      .map(e => String(e.body?.message ?? ''))
      .join('\n');
    const failedStep = events.find(
      e => e.body?.status === 'failed' && e.body?.stepId,
    )?.body.stepId;
    const completion = events.find(e => e.type === 'completion');
    return {
      id,
      status: task.status,
      log,
      failedStep,
      output: completion?.body?.output,
    };
  }

  /** The template editor's dry run of a template folder of the repository. */
  async dryRun(
    folder: string,
    values: Record<string, unknown>,
  ): Promise<{ status: number; log: string[]; body: any }> {
    const dir = path.join(TEMPLATES_DIR, folder);
    const template = yaml.load(
      fs.readFileSync(path.join(dir, 'template.yaml'), 'utf8'),
    );
    const res = await this.fetch('/v2/dry-run', {
      template,
      values,
      directoryContents: directoryContents(dir),
    });
    const text = await res.text();
    const body = res.ok ? JSON.parse(text) : text;
    const log: string[] = res.ok
      ? body.log.map((l: any) =>
          String(l.body.message)
            // eslint-disable-next-line no-control-regex
            .replace(/\u001b\[\d+m/g, '')
            .replace(/^info: /, ''),
        )
      : [];
    return { status: res.status, log, body };
  }
}

/** Every file under `dir`, as the dry-run API takes them. */
export function directoryContents(
  dir: string,
  base = dir,
): Array<{ path: string; base64Content: string }> {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return directoryContents(full, base);
    return [
      {
        path: path.relative(base, full),
        base64Content: fs.readFileSync(full).toString('base64'),
      },
    ];
  });
}

/** A repository of the local git server, or undefined when it does not exist. */
export async function gitRepository(
  name: string,
): Promise<
  | { branches: Record<string, string>; webhook: { url: string } | null }
  | undefined
> {
  const res = await fetch(`${gitServerUrl()}/api/repos/${name}`);
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`git server: ${res.status} ${await res.text()}`);
  return (await res.json()) as any;
}

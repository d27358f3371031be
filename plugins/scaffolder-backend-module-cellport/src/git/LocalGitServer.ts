/**
 * The client of the local git server's management API (scripts/builds/git-http-server.mjs): the
 * git hosting of Cellport's embedded defaults, where templates publish new services' repositories.
 */
import { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';

/** The git server of the embedded defaults (`scripts/builds-local.sh`). */
export const DEFAULT_LOCAL_GIT_BASE_URL = 'http://127.0.0.1:8418';

/** A repository on the local git server. */
export interface LocalGitRepository {
  name: string;
  /** The clone URL, `<baseUrl>/git/<name>.git`. */
  url: string;
  /** Branch name to commit. */
  branches: Record<string, string>;
  /** The push webhook's target, when one is registered. */
  webhook: { url: string } | null;
}

const NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/;

/**
 * The local git server: creates repositories, registers their push webhook, and names the URLs of
 * their clones and files.
 *
 * @public
 */
export class LocalGitServer {
  constructor(readonly baseUrl: string) {}

  /** The server of `cellport.scaffolder.localGit.baseUrl` (default {@link DEFAULT_LOCAL_GIT_BASE_URL}). */
  static fromConfig(config: Config): LocalGitServer {
    const baseUrl =
      config.getOptionalString('cellport.scaffolder.localGit.baseUrl') ??
      DEFAULT_LOCAL_GIT_BASE_URL;
    return new LocalGitServer(baseUrl.replace(/\/+$/, ''));
  }

  /** The clone URL of a repository. */
  cloneUrl(name: string): string {
    return `${this.baseUrl}/git/${checkName(name)}.git`;
  }

  /** The URL of a file at a ref, as the catalog reads it. */
  fileUrl(name: string, ref: string, file: string): string {
    return `${this.baseUrl}/raw/${checkName(name)}/${ref}/${file.replace(
      /^\/+/,
      '',
    )}`;
  }

  /** The repository name of a clone URL on this server, or undefined for another host. */
  repositoryOf(cloneUrl: string): string | undefined {
    const prefix = `${this.baseUrl}/git/`;
    if (!cloneUrl.startsWith(prefix)) return undefined;
    const rest = cloneUrl.slice(prefix.length).replace(/\.git$/, '');
    return NAME.test(rest) ? rest : undefined;
  }

  /** The repository, or undefined when it does not exist. */
  async get(name: string): Promise<LocalGitRepository | undefined> {
    const res = await this.send('GET', `/api/repos/${checkName(name)}`);
    if (res.status === 404) return undefined;
    return this.answer(res, `read the repository ${name}`);
  }

  /** A file's bytes at a ref, or undefined when the repository has no such file there. */
  async readFile(
    name: string,
    ref: string,
    file: string,
  ): Promise<Buffer | undefined> {
    const res = await this.send(
      'GET',
      this.fileUrl(name, ref, file).slice(this.baseUrl.length),
    );
    if (res.status === 404) {
      await res.body?.cancel();
      return undefined;
    }
    if (!res.ok) {
      throw new Error(
        `The git server could not read ${file} of ${name}: HTTP ${res.status}`,
      );
    }
    return Buffer.from(await res.arrayBuffer());
  }

  /** Creates the repository, empty, or returns it when it exists. */
  async ensure(name: string): Promise<LocalGitRepository> {
    return this.answer(
      await this.send('PUT', `/api/repos/${checkName(name)}`),
      `create the repository ${name}`,
    );
  }

  /** Points the repository's push webhook (GitLab format) at `url`, signed with `token`. */
  async setWebhook(
    name: string,
    url: string,
    token: string,
  ): Promise<LocalGitRepository> {
    return this.answer(
      await this.send('PUT', `/api/repos/${checkName(name)}/webhook`, {
        url,
        token,
      }),
      `register the webhook of ${name}`,
    );
  }

  private async send(method: string, path: string, body?: unknown) {
    try {
      return await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (e) {
      throw new Error(
        `The git server ${this.baseUrl} does not answer (${
          (e as Error).message
        }); is it running (scripts/builds-local.sh)?`,
      );
    }
  }

  private async answer(res: Response, what: string) {
    const text = await res.text();
    if (res.ok) return JSON.parse(text) as LocalGitRepository;
    let message = text.trim();
    try {
      message = JSON.parse(text)?.error?.message ?? message;
    } catch {
      // plain text
    }
    const error = `The git server could not ${what}: ${message}`;
    if (res.status === 404) throw new NotFoundError(error);
    if (res.status === 400) throw new InputError(error);
    throw new Error(error);
  }
}

function checkName(name: string): string {
  if (!NAME.test(name)) {
    throw new InputError(
      `'${name}' is not a repository name: letters, digits, '.', '_' and '-'`,
    );
  }
  return name;
}

/**
 * The image pull of the simulated kubelet: like containerd's, it resolves the image's manifest in
 * its registry (Docker Registry v2, token auth) with the credentials of the pod's
 * `imagePullSecrets`. Only registries the simulated nodes are told to reach
 * (`CELL_SIM_PULL_REGISTRIES=host:port,...`) are contacted; images of other registries count as
 * already present on the machine, as the simulator always treated them.
 */
import { ObjectStore } from '../store/ObjectStore';
import { resourceForKind } from '../api/resources';
import { KubeObject } from '../util/objects';

/** `auths` of a `.dockerconfigjson`: registry host to credentials. */
export type DockerAuths = Record<
  string,
  { auth?: string; username?: string; password?: string }
>;

/** The outcome of a pull: the manifest digest, or the error message containerd would give. */
export type PullResult =
  | { ok: true; digest: string }
  | { ok: false; message: string };

/** Pulls (resolves) images for the kubelet. */
export interface ImagePuller {
  /** Whether this puller contacts the image's registry (else the image is already present). */
  handles(image: string): boolean;
  pull(image: string, auths: DockerAuths): Promise<PullResult>;
}

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** `host[:port]/path:tag` (or `@digest`) split like containerd's reference parser. */
export function parseImage(
  image: string,
): { host: string; repository: string; reference: string } | undefined {
  const slash = image.indexOf('/');
  if (slash < 0) return undefined;
  const host = image.slice(0, slash);
  if (!host.includes('.') && !host.includes(':') && host !== 'localhost')
    return undefined;
  let rest = image.slice(slash + 1);
  let reference = 'latest';
  const at = rest.indexOf('@');
  if (at >= 0) {
    reference = rest.slice(at + 1);
    rest = rest.slice(0, at);
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      reference = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
    }
  }
  return { host, repository: rest, reference };
}

function basicOf(auths: DockerAuths, host: string): string | undefined {
  const entry =
    auths[host] ?? auths[`http://${host}`] ?? auths[`https://${host}`];
  if (!entry) return undefined;
  if (entry.auth) return entry.auth;
  if (entry.username !== undefined) {
    return Buffer.from(`${entry.username}:${entry.password ?? ''}`).toString(
      'base64',
    );
  }
  return undefined;
}

function parseChallenge(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of header.matchAll(/(\w+)="([^"]*)"/g)) out[m[1]] = m[2];
  return out;
}

/** Pulls from the registries it is given, over plain HTTP (the local registries are HTTP). */
export class RegistryImagePuller implements ImagePuller {
  constructor(
    private readonly registries: string[],
    private readonly timeoutMs = 10_000,
  ) {}

  handles(image: string): boolean {
    const ref = parseImage(image);
    return Boolean(ref && this.registries.includes(ref.host));
  }

  async pull(image: string, auths: DockerAuths): Promise<PullResult> {
    const ref = parseImage(image)!;
    const fail = (detail: string): PullResult => ({
      ok: false,
      message: `rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${detail}`,
    });
    const url = `http://${ref.host}/v2/${ref.repository}/manifests/${ref.reference}`;
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      let res = await fetch(url, {
        method: 'HEAD',
        headers: { accept: ACCEPT },
        signal,
      });
      if (res.status === 401) {
        const challenge = parseChallenge(
          res.headers.get('www-authenticate') ?? '',
        );
        if (!challenge.realm)
          return fail(
            `pulling from host ${ref.host} failed with status code [manifests ${ref.reference}]: 401 Unauthorized`,
          );
        const tokenUrl = new URL(challenge.realm);
        if (challenge.service)
          tokenUrl.searchParams.set('service', challenge.service);
        tokenUrl.searchParams.set(
          'scope',
          challenge.scope ?? `repository:${ref.repository}:pull`,
        );
        const basic = basicOf(auths, ref.host);
        const tokenRes = await fetch(tokenUrl, {
          headers: basic ? { authorization: `Basic ${basic}` } : {},
          signal,
        });
        if (!tokenRes.ok) {
          return fail(
            `failed to authorize: failed to fetch ${
              basic ? 'oauth' : 'anonymous'
            } token: unexpected status from GET request to ${tokenUrl.origin}${
              tokenUrl.pathname
            }: ${tokenRes.status} ${tokenRes.statusText}`,
          );
        }
        const { token, access_token } = (await tokenRes.json()) as {
          token?: string;
          access_token?: string;
        };
        res = await fetch(url, {
          method: 'HEAD',
          headers: {
            accept: ACCEPT,
            authorization: `Bearer ${token ?? access_token}`,
          },
          signal,
        });
      }
      if (res.status === 404) return fail(`${image}: not found`);
      if (res.status === 401 || res.status === 403) {
        return fail(
          `pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
        );
      }
      if (!res.ok)
        return fail(
          `unexpected status from HEAD request to ${url}: ${res.status} ${res.statusText}`,
        );
      return {
        ok: true,
        digest: res.headers.get('docker-content-digest') ?? '',
      };
    } catch (e) {
      return fail(
        `failed to do request: Head "${url}": ${(e as Error).message}`,
      );
    }
  }
}

let fromEnv: ImagePuller | undefined;

/** The puller of `CELL_SIM_PULL_REGISTRIES`, or undefined when it names none. */
export function imagePullerFromEnv(): ImagePuller | undefined {
  const registries = (process.env.CELL_SIM_PULL_REGISTRIES ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  if (!registries.length) return undefined;
  fromEnv ??= new RegistryImagePuller(registries);
  return fromEnv;
}

/** The registry credentials of a pod: the `auths` of its `kubernetes.io/dockerconfigjson` pull secrets. */
export function pullSecretAuths(
  store: ObjectStore,
  pod: KubeObject,
): DockerAuths {
  const auths: DockerAuths = {};
  for (const ref of pod.spec?.imagePullSecrets ?? []) {
    const secret = store.get(
      resourceForKind('Secret'),
      pod.metadata.namespace!,
      ref.name,
    );
    const data = secret?.data?.['.dockerconfigjson'];
    if (secret?.type !== 'kubernetes.io/dockerconfigjson' || !data) continue;
    try {
      Object.assign(
        auths,
        JSON.parse(Buffer.from(data, 'base64').toString('utf8')).auths ?? {},
      );
    } catch {
      // a malformed secret gives no credentials, as the kubelet ignores it
    }
  }
  return auths;
}

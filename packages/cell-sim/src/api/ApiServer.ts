import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import { ClusterApi, DeleteOptions } from './ClusterApi';
import { ApiError, badRequest, forbidden, methodNotAllowed, notFound, notFoundPath, unauthorized } from './errors';
import { objectJson, readBody, sendError, sendJson } from './http';
import { jsonMergePatch, jsonPatch } from './patch';
import {
  apiGroupFor, apiGroupList, apiResourceList, apiVersionOf, findResource, resourceForKind, ResourceType,
} from './resources';
import { fieldSelectorPredicate, labelSelectorPredicate } from './selectors';
import { validateListOptions, validatePatchOptions } from './options';
import { tableRequested, toTable } from './table';
import { openApiV3Document, openApiV3Index } from './openapi';
import { KubeVersion, supportsWatchList, versionInfo } from './version';
import { TooOldResourceVersionError } from '../store/ObjectStore';
import { KubeObject } from '../util/objects';

/** Options of a pod log read. */
export interface PodLogOptions {
  container: string;
  previous: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps: boolean;
  limitBytes?: number;
}

/** Source of pod logs (the simulated kubelet). */
export interface PodLogProvider {
  /** Log lines (without trailing newline) of a container; undefined when it has none. */
  readLog(pod: KubeObject, opts: PodLogOptions): string[] | undefined;
  /** Streams new lines until the container stops; returns a cancel function. */
  followLog(pod: KubeObject, opts: PodLogOptions, onLine: (line: string) => void, onEnd: () => void): () => void;
}

/** Options of the API server of one cell. */
export interface ApiServerOptions {
  cellName: string;
  host: string;
  port: number;
  token: string;
  tls?: { key: string; cert: string };
  logs: PodLogProvider;
  bookmarkIntervalMs: number;
  /** The Kubernetes version the API follows (its `/version`, options, messages and features). */
  version: KubeVersion;
  /** Extra request handler tried first (e.g. the `/_sim` admin paths); returns true when handled. */
  extraHandler?: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;
}

interface ResourcePath {
  rt: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  watchPrefix: boolean;
}

/**
 * The HTTP(S) face of a simulated cell: authentication, discovery, REST verbs, watch streams.
 */
export class ApiServer {
  private server?: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly watchClosers = new Set<() => void>();
  private boundPort = 0;
  private reachable = true;

  constructor(private readonly api: ClusterApi, private readonly opts: ApiServerOptions) {}

  /** The port the server listens on. */
  get port(): number {
    return this.boundPort;
  }

  /** The server URL. */
  get url(): string {
    return `${this.opts.tls ? 'https' : 'http'}://${this.opts.host}:${this.boundPort}`;
  }

  /** Starts listening (port 0 picks a free port). */
  async start(): Promise<void> {
    await this.listen(this.opts.port);
  }

  private async listen(port: number): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch(err => {
        const apiErr = err instanceof ApiError ? err : new ApiError(500, 'InternalError', `Internal error occurred: ${err?.message ?? err}`);
        sendError(res, apiErr);
      });
    };
    const server = this.opts.tls
      ? https.createServer({ key: this.opts.tls.key, cert: this.opts.tls.cert }, handler)
      : http.createServer(handler);
    server.keepAliveTimeout = 65_000;
    server.requestTimeout = 0;
    server.headersTimeout = 60_000;
    server.on(this.opts.tls ? 'secureConnection' : 'connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
  }

  /** Whether the API currently accepts connections. */
  isReachable(): boolean {
    return this.reachable;
  }

  /**
   * Makes the cell's API unreachable (the port refuses connections, open connections and
   * watches are cut) or reachable again on the same port.
   */
  async setReachable(reachable: boolean): Promise<void> {
    if (reachable === this.reachable) return;
    this.reachable = reachable;
    if (!reachable) await this.close();
    else await this.listen(this.boundPort);
  }

  /** Stops the server and cuts all connections. */
  async close(): Promise<void> {
    for (const c of [...this.watchClosers]) c();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>(resolve => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
  }

  private authenticate(req: IncomingMessage): 'ok' | 'anonymous' {
    const auth = req.headers.authorization;
    if (!auth) return 'anonymous';
    const m = auth.match(/^Bearer\s+(.+)$/i);
    if (!m || m[1].trim() !== this.opts.token) throw unauthorized();
    return 'ok';
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (this.opts.extraHandler?.(req, res, url)) return;
    const who = this.authenticate(req);
    const segs = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const publicPath = ['version', 'healthz', 'livez', 'readyz'].includes(segs[0]);
    if (who === 'anonymous' && !publicPath) {
      throw forbidden(`forbidden: User "system:anonymous" cannot ${req.method?.toLowerCase()} path "${url.pathname}"`);
    }
    if (segs.length === 0) {
      sendJson(res, 200, { paths: ['/api', '/api/v1', '/apis', '/healthz', '/livez', '/readyz', '/version'] });
      return;
    }
    if (publicPath) {
      if (segs[0] === 'version') {
        sendJson(res, 200, versionInfo(this.opts.version));
      } else {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('ok');
      }
      return;
    }
    if (req.method === 'GET' && segs[0] === 'openapi' && segs[1] === 'v3') {
      const doc = segs.length === 2 ? openApiV3Index(this.opts.version) : openApiV3Document(segs.slice(2).join('/'), this.opts.version);
      if (!doc) throw notFoundPath();
      sendJson(res, 200, doc);
      return;
    }
    if (req.method === 'GET' && this.discovery(segs, res)) return;
    const rp = this.parseResourcePath(segs);
    if (!rp) throw notFoundPath();
    await this.serveResource(req, res, url, rp);
  }

  private discovery(segs: string[], res: ServerResponse): boolean {
    if (segs[0] === 'api' && segs.length === 1) {
      sendJson(res, 200, {
        kind: 'APIVersions', versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `${this.opts.host}:${this.boundPort}` }],
      });
      return true;
    }
    if (segs[0] === 'api' && segs.length === 2) {
      const list = apiResourceList('', segs[1]);
      if (!list) throw notFoundPath();
      sendJson(res, 200, list);
      return true;
    }
    if (segs[0] === 'apis' && segs.length === 1) {
      sendJson(res, 200, apiGroupList());
      return true;
    }
    if (segs[0] === 'apis' && segs.length === 2) {
      const g = apiGroupFor(segs[1]);
      if (!g) throw notFoundPath();
      sendJson(res, 200, g);
      return true;
    }
    if (segs[0] === 'apis' && segs.length === 3) {
      const list = apiResourceList(segs[1], segs[2]);
      if (!list) throw notFoundPath();
      sendJson(res, 200, list);
      return true;
    }
    return false;
  }

  private parseResourcePath(segs: string[]): ResourcePath | undefined {
    let group: string;
    let version: string;
    let rest: string[];
    if (segs[0] === 'api' && segs.length >= 3) {
      group = '';
      version = segs[1];
      rest = segs.slice(2);
    } else if (segs[0] === 'apis' && segs.length >= 4) {
      group = segs[1];
      version = segs[2];
      rest = segs.slice(3);
    } else return undefined;
    let watchPrefix = false;
    if (rest[0] === 'watch') {
      watchPrefix = true;
      rest = rest.slice(1);
    }
    if (rest[0] === 'namespaces' && rest.length >= 3 && !(group === '' && ['status', 'finalize'].includes(rest[2]) && rest.length === 3)) {
      const rt = findResource(group, version, rest[2]);
      if (!rt || !rt.namespaced || rest.length > 5) return undefined;
      return { rt, namespace: rest[1], name: rest[3], subresource: rest[4], watchPrefix };
    }
    const rt = findResource(group, version, rest[0]);
    if (!rt || rest.length > 3) return undefined;
    if (rt.namespaced && rest.length > 1) return undefined;
    return { rt, name: rest[1], subresource: rest[2], watchPrefix };
  }

  private async serveResource(req: IncomingMessage, res: ServerResponse, url: URL, rp: ResourcePath): Promise<void> {
    const q = url.searchParams;
    const { rt, namespace, name, subresource } = rp;
    if (subresource && !rt.subresources.includes(subresource)) throw notFoundPath();
    if (q.get('dryRun')) throw badRequest('dryRun is not supported by the simulated cell');
    const manager = q.get('fieldManager') || defaultManager(req);
    const method = req.method ?? 'GET';
    if (!name) {
      if (method === 'GET') {
        const watch = rp.watchPrefix || q.get('watch') === 'true' || q.get('watch') === '1';
        validateListOptions(q, watch, this.opts.version);
        if (watch) this.watch(req, res, rt, namespace, q);
        else this.list(req, res, rt, namespace, q);
        return;
      }
      if (method === 'POST') {
        if (!rt.namespaced && namespace) throw notFoundPath();
        const body = await readBody(req);
        const created = this.api.create(rt, namespace, body, { manager });
        sendJson(res, 201, undefined, objectJson(created));
        return;
      }
      if (method === 'DELETE') {
        const body = await readBody(req);
        const { items } = this.api.list(rt, namespace, {
          labelSelector: q.get('labelSelector') ?? undefined,
          fieldSelector: q.get('fieldSelector') ?? undefined,
        });
        const deleted: KubeObject[] = [];
        for (const item of items) {
          try {
            deleted.push(this.api.delete(rt, item.metadata.namespace, item.metadata.name!, deleteOptions(q, body)).object);
          } catch (e) {
            if (!(e instanceof ApiError && e.code === 404)) throw e;
          }
        }
        sendJson(res, 200, { kind: `${rt.kind}List`, apiVersion: apiVersionOf(rt), metadata: { resourceVersion: String(this.api.store.currentRv()) }, items: deleted.map(stripType) });
        return;
      }
      throw methodNotAllowed();
    }
    if (rp.watchPrefix) {
      validateListOptions(q, true, this.opts.version);
      q.set('fieldSelector', `metadata.name=${name}`);
      this.watch(req, res, rt, namespace, q);
      return;
    }
    if (subresource === 'log') {
      this.podLog(req, res, namespace!, name, q);
      return;
    }
    if (subresource === 'scale') {
      await this.scale(req, res, rt, namespace, name, q, manager);
      return;
    }
    if (subresource === 'binding' || subresource === 'eviction') {
      if (method !== 'POST') throw methodNotAllowed();
      const body = await readBody(req);
      if (subresource === 'binding') {
        const pod = this.api.get(rt, namespace, name);
        if (pod.spec?.nodeName) {
          throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
        }
        const node = body?.target?.name;
        if (!node) throw badRequest('binding target name is required');
        this.api.mutate(rt, namespace, name, manager, p => {
          p.spec.nodeName = node;
        });
      } else {
        this.api.delete(rt, namespace, name, deleteOptions(q, body?.deleteOptions));
      }
      sendJson(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
      return;
    }
    const sub = subresource === 'status' ? 'status' : undefined;
    if (subresource === 'finalize') {
      if (method !== 'PUT') throw methodNotAllowed();
      const body = await readBody(req);
      const updated = this.api.mutate(rt, undefined, name, manager, ns => {
        ns.spec = { ...(ns.spec ?? {}), finalizers: body?.spec?.finalizers ?? [] };
      });
      if (!updated) throw notFound(rt, name);
      sendJson(res, 200, undefined, objectJson(updated));
      return;
    }
    switch (method) {
      case 'GET': {
        const obj = this.api.get(rt, namespace, name);
        const table = tableRequested(req);
        if (table) sendJson(res, 200, toTable(rt, [obj], q, { resourceVersion: obj.metadata.resourceVersion }, table));
        else sendJson(res, 200, undefined, objectJson(obj));
        return;
      }
      case 'PUT': {
        const body = await readBody(req);
        const updated = this.api.update(rt, namespace, name, body, { manager, subresource: sub });
        sendJson(res, 200, undefined, objectJson(updated));
        return;
      }
      case 'PATCH': {
        const contentType = String(req.headers['content-type'] ?? '');
        validatePatchOptions(q, contentType);
        const body = await readBody(req);
        const { object, created } = this.api.patch(rt, namespace, name, contentType, body, {
          manager,
          subresource: sub,
          force: q.get('force') === 'true',
        });
        sendJson(res, created ? 201 : 200, undefined, objectJson(object));
        return;
      }
      case 'DELETE': {
        const body = await readBody(req);
        const { object, gone } = this.api.delete(rt, namespace, name, deleteOptions(q, body));
        if (gone && !['Pod', 'Service', 'Namespace'].includes(rt.kind)) {
          sendJson(res, 200, {
            kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success',
            details: { name, ...(rt.group ? { group: rt.group } : {}), kind: rt.plural, uid: object.metadata.uid },
          });
        } else {
          sendJson(res, gone ? 200 : 200, undefined, objectJson(object));
        }
        return;
      }
      default:
        throw methodNotAllowed();
    }
  }

  private list(req: IncomingMessage, res: ServerResponse, rt: ResourceType, namespace: string | undefined, q: URLSearchParams) {
    const limit = q.get('limit') ? Number(q.get('limit')) : undefined;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw badRequest(`invalid limit: ${q.get('limit')}`);
    const { items, metadata } = this.api.list(rt, namespace, {
      labelSelector: q.get('labelSelector') ?? undefined,
      fieldSelector: q.get('fieldSelector') ?? undefined,
      limit,
      continue: q.get('continue') ?? undefined,
      resourceVersion: q.get('resourceVersion') ?? undefined,
      resourceVersionMatch: q.get('resourceVersionMatch') ?? undefined,
    });
    const table = tableRequested(req);
    if (table) {
      sendJson(res, 200, toTable(rt, items, q, metadata, table));
      return;
    }
    // Items of a list carry no kind/apiVersion, like the real apiserver's JSON encoding.
    const head = JSON.stringify({ kind: `${rt.kind}List`, apiVersion: apiVersionOf(rt), metadata });
    const parts = items.map(i => stripTypeJson(objectJson(i)));
    const raw = `${head.slice(0, -1)},"items":[${parts.join(',')}]}`;
    sendJson(res, 200, undefined, raw);
  }

  private watch(req: IncomingMessage, res: ServerResponse, rt: ResourceType, namespace: string | undefined, q: URLSearchParams) {
    const labelPred = labelSelectorPredicate(q.get('labelSelector') ?? undefined);
    const fieldPred = fieldSelectorPredicate(rt.kind, q.get('fieldSelector') ?? undefined);
    const filter = (o: KubeObject) => (!namespace || o.metadata.namespace === namespace) && labelPred(o) && fieldPred(o);
    const rvParam = q.get('resourceVersion') ?? '';
    // v1.26 does not know sendInitialEvents (ignored); from v1.27 it is a watch list.
    const sendInitial = supportsWatchList(this.opts.version) && q.get('sendInitialEvents') === 'true';
    const bookmarks = q.get('allowWatchBookmarks') === 'true';
    if (rvParam && rvParam !== '0' && !/^\d+$/.test(rvParam)) {
      throw badRequest(`resourceVersion: Invalid value: "${rvParam}": must be a non-negative integer`);
    }
    const timeoutSeconds = q.get('timeoutSeconds') ? Number(q.get('timeoutSeconds')) : 1800 + Math.floor(Math.random() * 1800);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    const write = (type: string, objJson: string) => {
      res.write(`{"type":"${type}","object":${objJson}}\n`);
    };
    let cancel: (() => void) | undefined;
    let closed = false;
    let bookmarkTimer: NodeJS.Timeout | undefined;
    const timeoutRef: { timer?: NodeJS.Timeout } = {};
    const close = () => {
      if (closed) return;
      closed = true;
      cancel?.();
      if (bookmarkTimer) clearInterval(bookmarkTimer);
      clearTimeout(timeoutRef.timer);
      this.watchClosers.delete(close);
      res.end();
    };
    this.watchClosers.add(close);
    req.on('close', close);
    res.on('close', close);
    const bookmark = (initialEnd: boolean) =>
      write('BOOKMARK', JSON.stringify({
        kind: rt.kind,
        apiVersion: apiVersionOf(rt),
        metadata: {
          resourceVersion: String(this.api.store.currentRv()),
          ...(initialEnd ? { annotations: { 'k8s.io/initial-events-end': 'true' } } : {}),
        },
      }));
    const fromRv = sendInitial || rvParam === '' || rvParam === '0' ? undefined : Number(rvParam);
    try {
      // Asked for server-side printing (`kubectl get -w`), each event carries a one-row Table.
      const table = tableRequested(req);
      const eventJson = table
        ? (o: KubeObject) => JSON.stringify(toTable(rt, [o], q, { resourceVersion: o.metadata.resourceVersion }, table))
        : objectJson;
      cancel = this.api.store.watch(rt, fromRv, filter, d => {
        if (!closed) write(d.type, eventJson(d.object));
      });
    } catch (e) {
      if (e instanceof TooOldResourceVersionError) {
        write('ERROR', JSON.stringify(new ApiError(410, 'Expired', `too old resource version: ${e.requested} (${e.oldest})`).toStatus()));
        close();
        return;
      }
      throw e;
    }
    if (sendInitial && bookmarks) bookmark(true);
    if (bookmarks) {
      bookmarkTimer = setInterval(() => bookmark(false), this.opts.bookmarkIntervalMs);
      bookmarkTimer.unref();
    }
    const timeout = setTimeout(close, timeoutSeconds * 1000);
    timeout.unref();
    timeoutRef.timer = timeout;
  }

  private podLog(req: IncomingMessage, res: ServerResponse, namespace: string, name: string, q: URLSearchParams) {
    const podRt = resourceForKind('Pod');
    const pod = this.api.get(podRt, namespace, name);
    const containers: string[] = (pod.spec?.containers ?? []).map((c: any) => c.name);
    let container = q.get('container') ?? '';
    if (!container) {
      if (containers.length !== 1) {
        throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`);
      }
      container = containers[0];
    }
    if (!containers.includes(container)) {
      throw badRequest(`container ${container} is not valid for pod ${name}`);
    }
    const opts: PodLogOptions = {
      container,
      previous: q.get('previous') === 'true',
      tailLines: q.get('tailLines') ? Number(q.get('tailLines')) : undefined,
      sinceSeconds: q.get('sinceSeconds') ? Number(q.get('sinceSeconds')) : undefined,
      timestamps: q.get('timestamps') === 'true',
      limitBytes: q.get('limitBytes') ? Number(q.get('limitBytes')) : undefined,
    };
    const lines = this.opts.logs.readLog(pod, opts);
    if (!lines) {
      if (opts.previous) throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
      throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ContainerCreating`);
    }
    let text = lines.map(l => `${l}\n`).join('');
    if (opts.limitBytes !== undefined) text = Buffer.from(text).subarray(0, opts.limitBytes).toString('utf8');
    if (q.get('follow') !== 'true' || opts.previous) {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
    res.write(text);
    const stopRef: { stop?: () => void } = {};
    const end = () => {
      stopRef.stop?.();
      this.watchClosers.delete(end);
      res.end();
    };
    this.watchClosers.add(end);
    stopRef.stop = this.opts.logs.followLog(pod, opts, line => res.write(`${line}\n`), end);
    req.on('close', end);
  }

  private async scale(req: IncomingMessage, res: ServerResponse, rt: ResourceType, namespace: string | undefined, name: string, q: URLSearchParams, manager: string) {
    const obj = this.api.get(rt, namespace, name);
    const method = req.method ?? 'GET';
    if (method === 'GET') {
      sendJson(res, 200, this.api.scaleOf(obj));
      return;
    }
    const body = await readBody(req);
    let scale: KubeObject;
    if (method === 'PUT') {
      scale = body;
      if (scale?.metadata?.resourceVersion && scale.metadata.resourceVersion !== obj.metadata.resourceVersion) {
        throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${rt.plural}.${rt.group} "${name}": the object has been modified; please apply your changes to the latest version and try again`);
      }
    } else if (method === 'PATCH') {
      validatePatchOptions(q, String(req.headers['content-type'] ?? ''));
      const type = String(req.headers['content-type'] ?? '').split(';')[0];
      const current = this.api.scaleOf(obj);
      scale = type === 'application/json-patch+json' ? jsonPatch(current, body) : jsonMergePatch(current, body);
    } else throw methodNotAllowed();
    // ScaleSpec.replicas is omitempty: absent means 0.
    const replicas = scale?.spec?.replicas ?? 0;
    if (typeof replicas !== 'number' || replicas < 0 || !Number.isInteger(replicas)) {
      throw new ApiError(422, 'Invalid', `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`, { name, group: 'autoscaling', kind: 'Scale', causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${replicas}: must be greater than or equal to 0`, field: 'spec.replicas' }] });
    }
    void q;
    const updated = this.api.mutate(rt, namespace, name, manager, o => {
      o.spec.replicas = replicas;
    });
    sendJson(res, 200, this.api.scaleOf(updated!));
  }
}

function defaultManager(req: IncomingMessage): string {
  const ua = String(req.headers['user-agent'] ?? '');
  const prefix = ua.split('/')[0].trim();
  return prefix || 'unknown';
}

function deleteOptions(q: URLSearchParams, body: any): DeleteOptions {
  const grace = q.get('gracePeriodSeconds') ?? body?.gracePeriodSeconds;
  let policy = q.get('propagationPolicy') ?? body?.propagationPolicy;
  if (!policy && (q.get('orphanDependents') === 'true' || body?.orphanDependents === true)) policy = 'Orphan';
  if (policy && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw new ApiError(422, 'Invalid', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan", "nil"`);
  }
  return {
    gracePeriodSeconds: grace !== undefined && grace !== null ? Number(grace) : undefined,
    propagationPolicy: policy,
    preconditions: body?.preconditions,
  };
}

function stripType(o: KubeObject): KubeObject {
  const { apiVersion: _a, kind: _k, ...rest } = o;
  return rest as KubeObject;
}

function stripTypeJson(json: string): string {
  // Stored objects are serialized with apiVersion and kind first.
  const m = json.match(/^\{"apiVersion":"[^"]*","kind":"[^"]*",/);
  return m ? `{${json.slice(m[0].length)}` : json;
}


import { applyDefaults, qosClass } from './defaults';
import {
  alreadyExists, ApiError, applyConflict, badRequest, conflict, expired, forbidden, invalid, notFound,
  unsupportedMediaType,
} from './errors';
import { recordUpdate, serverSideApply, Scope } from './fieldManager';
import { jsonMergePatch, jsonPatch, strategicMergePatch } from './patch';
import { apiVersionOf, resourceForKind, ResourceType } from './resources';
import { fieldSelectorPredicate, formatLabelSelector, labelSelectorPredicate } from './selectors';
import { validateObject } from './validation';
import { dropUnknownFields } from './versionedFields';
import { KubeVersion, parseKubeVersion } from './version';
import { ObjectStore, TooOldResourceVersionError } from '../store/ObjectStore';
import { newUid, randomSuffix } from '../util/ids';
import { clone, deepEqual, KubeObject } from '../util/objects';
import { nowRfc3339 } from '../util/time';

/** Options of a write. */
export interface WriteOptions {
  /** fieldManager (defaults from the user agent like the apiserver). */
  manager: string;
  subresource?: 'status';
}

/** Options of a list. */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

/** Options of a delete (metav1.DeleteOptions). */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** Hooks the cell plugs in (IP allocation on create). */
export interface ClusterApiHooks {
  beforeCreate?(rt: ResourceType, obj: KubeObject): KubeObject;
  afterDelete?(rt: ResourceType, obj: KubeObject): void;
}

const NS = () => resourceForKind('Namespace');

/**
 * The semantics of the Kubernetes REST verbs over the object store, shared by the HTTP layer
 * and the in-process controllers (which write through the same validation and bookkeeping).
 */
export class ClusterApi {
  constructor(
    readonly store: ObjectStore,
    private readonly hooks: ClusterApiHooks = {},
    /** The Kubernetes version whose fields the API knows. */
    private readonly version: KubeVersion = parseKubeVersion(undefined),
  ) {}

  /** Gets an object or throws 404. */
  get(rt: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const obj = this.store.get(rt, namespace, name);
    if (!obj) throw notFound(rt, name);
    return obj;
  }

  /** Finds an object (undefined when missing). */
  find(rt: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(rt, namespace, name);
  }

  /** Lists objects with selectors and pagination; returns items and list metadata. */
  list(rt: ResourceType, namespace: string | undefined, opts: ListOptions = {}): { items: KubeObject[]; metadata: Record<string, unknown> } {
    const labelPred = labelSelectorPredicate(opts.labelSelector);
    const fieldPred = fieldSelectorPredicate(rt.kind, opts.fieldSelector);
    let atRv: number | undefined;
    let startKey: string | undefined;
    if (opts.continue) {
      const token = decodeContinue(opts.continue);
      atRv = token.rv;
      startKey = token.start;
    } else if (opts.resourceVersion && opts.resourceVersion !== '0' && opts.resourceVersionMatch === 'Exact') {
      atRv = Number(opts.resourceVersion);
    }
    const listRv = atRv ?? this.store.currentRv();
    let entries: { key: string; object: KubeObject }[];
    try {
      entries = this.store.listSorted(rt, namespace, atRv);
    } catch (e) {
      if (e instanceof TooOldResourceVersionError) {
        if (opts.continue) {
          throw expired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.');
        }
        throw expired(`too old resource version: ${e.requested} (${e.oldest})`);
      }
      throw e;
    }
    const limit = opts.resourceVersion === '0' && !opts.continue ? 0 : opts.limit ?? 0;
    const items: KubeObject[] = [];
    let next: string | undefined;
    let remaining = 0;
    for (const { key, object } of entries) {
      if (startKey !== undefined && key < startKey) continue;
      if (!labelPred(object) || !fieldPred(object)) continue;
      if (limit > 0 && items.length >= limit) {
        if (next === undefined) next = key;
        remaining++;
        continue;
      }
      items.push(object);
    }
    const metadata: Record<string, unknown> = { resourceVersion: String(listRv) };
    if (next !== undefined) {
      metadata.continue = encodeContinue(listRv, next);
      // The apiserver counts the rest only when no selector filters it (the count would be wrong).
      const filtered = !!opts.labelSelector?.trim() || !!opts.fieldSelector?.trim();
      if (!filtered) metadata.remainingItemCount = remaining;
    }
    return { items, metadata };
  }

  private checkNamespace(rt: ResourceType, namespace: string | undefined) {
    if (!rt.namespaced) return;
    const ns = this.store.get(NS(), undefined, namespace!);
    if (!ns) throw notFound(NS(), namespace!);
    if (ns.metadata.deletionTimestamp) {
      throw forbidden(
        `${rt.plural}${rt.group ? `.${rt.group}` : ''} "${''}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        { name: '', kind: rt.plural, causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }] },
      );
    }
  }

  private normalize(rt: ResourceType, namespace: string | undefined, body: KubeObject): KubeObject {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body of the request was not a JSON object');
    const apiVersion = apiVersionOf(rt);
    if (body.apiVersion && body.apiVersion !== apiVersion) {
      throw badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (${apiVersion})`);
    }
    if (body.kind && body.kind !== rt.kind) {
      throw badRequest(`the kind in the data (${body.kind}) does not match the expected kind (${rt.kind})`);
    }
    const metadata = { ...(body.metadata ?? {}) };
    if (rt.namespaced) {
      if (metadata.namespace && namespace && metadata.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      metadata.namespace = namespace ?? metadata.namespace;
    } else {
      delete metadata.namespace;
    }
    return { ...body, apiVersion, kind: rt.kind, metadata };
  }

  /** Creates an object. */
  create(rt: ResourceType, namespace: string | undefined, body: KubeObject, opts: WriteOptions, applyManager?: string): KubeObject {
    let obj = this.normalize(rt, namespace, clone(body));
    if (!obj.metadata.name && obj.metadata.generateName) {
      let name = '';
      for (let i = 0; i < 8; i++) {
        name = `${obj.metadata.generateName}${randomSuffix()}`;
        if (!this.store.get(rt, obj.metadata.namespace, name)) break;
      }
      obj.metadata.name = name;
    }
    const name = obj.metadata.name ?? '';
    if (rt.hasStatus && rt.kind !== 'Node' && rt.kind !== 'Namespace') delete obj.status;
    obj = applyDefaults(dropUnknownFields(obj, this.version));
    const causes = validateObject(rt, obj);
    if (causes.length) throw invalid(rt, name, causes);
    this.checkNamespace(rt, obj.metadata.namespace);
    if (this.store.get(rt, obj.metadata.namespace, name)) throw alreadyExists(rt, name);
    const {
      resourceVersion: _rv, deletionTimestamp: _d, deletionGracePeriodSeconds: _g, managedFields: _m, selfLink: _s,
      ...meta
    } = obj.metadata;
    obj.metadata = {
      ...meta,
      uid: newUid(),
      creationTimestamp: nowRfc3339(),
      ...(rt.tracksGeneration ? { generation: 1 } : {}),
    };
    if (rt.kind === 'Pod') obj.status = { phase: 'Pending', qosClass: qosClass(obj.spec) };
    if (this.hooks.beforeCreate) obj = this.hooks.beforeCreate(rt, obj);
    if (applyManager) {
      obj.metadata.managedFields = body.metadata?.managedFields;
    } else {
      obj.metadata.managedFields = recordUpdate(rt.kind, rt.hasStatus, undefined, obj, opts.manager, apiVersionOf(rt), 'main');
      if (obj.metadata.managedFields.length === 0) delete obj.metadata.managedFields;
    }
    return this.store.create(rt, obj);
  }

  /** Replaces an object (PUT), with optimistic concurrency when resourceVersion is given. */
  update(rt: ResourceType, namespace: string | undefined, name: string, body: KubeObject, opts: WriteOptions): KubeObject {
    const next = this.normalize(rt, namespace, clone(body));
    if (next.metadata.name && next.metadata.name !== name) {
      throw badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`);
    }
    next.metadata.name = name;
    const old = this.store.get(rt, namespace, name);
    if (!old) {
      // Real apiservers create on PUT for a few types only; the simulator answers 404 like Deployments do.
      throw notFound(rt, name);
    }
    if (next.metadata.resourceVersion && next.metadata.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(rt, name);
    }
    if (next.metadata.uid && next.metadata.uid !== old.metadata.uid) {
      throw new ApiError(409, 'Conflict', `Precondition failed: UID in precondition: ${next.metadata.uid}, UID in object meta: ${old.metadata.uid}`);
    }
    return this.write(rt, old, next, opts);
  }

  /**
   * Stores `next` as the new state of `old`, applying the subresource rules, defaults, validation,
   * generation and managedFields. No-op updates do not change the resourceVersion.
   */
  write(rt: ResourceType, old: KubeObject, nextIn: KubeObject, opts: WriteOptions, applied = false): KubeObject {
    const scope: Scope = opts.subresource === 'status' ? 'status' : 'main';
    let next: KubeObject = { ...nextIn, apiVersion: apiVersionOf(rt), kind: rt.kind };
    if (scope === 'status') {
      next = { ...old, status: next.status, metadata: { ...old.metadata, managedFields: next.metadata.managedFields ?? old.metadata.managedFields } };
    } else if (rt.hasStatus) {
      next.status = old.status;
    }
    const keep = ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'namespace', 'name', 'generation'];
    const metadata: Record<string, any> = { ...next.metadata };
    for (const k of keep) {
      if (old.metadata[k] === undefined) delete metadata[k];
      else metadata[k] = old.metadata[k];
    }
    metadata.resourceVersion = old.metadata.resourceVersion;
    next.metadata = metadata;
    if (scope === 'main') next = applyDefaults(dropUnknownFields(next, this.version));
    if (rt.kind === 'Secret' && scope === 'main') next = applyDefaults(next);
    const causes = validateObject(rt, next, old);
    if (causes.length) throw invalid(rt, old.metadata.name!, causes);
    if (rt.tracksGeneration && scope === 'main' && !deepEqual(old.spec, next.spec)) {
      next.metadata.generation = (old.metadata.generation ?? 0) + 1;
    }
    if (!applied) {
      next.metadata.managedFields = recordUpdate(rt.kind, rt.hasStatus, old, next, opts.manager, apiVersionOf(rt), scope);
      if (next.metadata.managedFields.length === 0) delete next.metadata.managedFields;
    }
    if (deepEqual(old, next)) return old;
    if (
      next.metadata.deletionTimestamp &&
      (next.metadata.finalizers ?? []).length === 0 &&
      rt.kind !== 'Namespace' &&
      (rt.kind !== 'Pod' || next.metadata.deletionGracePeriodSeconds === 0)
    ) {
      this.store.update(rt, next);
      return this.finalDelete(rt, next);
    }
    return this.store.update(rt, next);
  }

  /** Applies a patch of the given content type (or server-side apply). */
  patch(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    contentType: string,
    patch: any,
    opts: WriteOptions & { force?: boolean },
  ): { object: KubeObject; created: boolean } {
    const type = contentType.split(';')[0].trim();
    const old = this.store.get(rt, namespace, name);
    if (type === 'application/apply-patch+yaml' || type === 'application/apply-patch+json') {
      return this.apply(rt, namespace, name, patch, opts);
    }
    if (!old) throw notFound(rt, name);
    let next: KubeObject;
    const current = clone(old);
    switch (type) {
      case 'application/json-patch+json':
        next = jsonPatch(current, patch);
        break;
      case 'application/merge-patch+json':
        next = jsonMergePatch(current, patch);
        break;
      case 'application/strategic-merge-patch+json':
        next = strategicMergePatch(rt.kind, current, patch);
        break;
      default:
        throw unsupportedMediaType(type);
    }
    if (!next || typeof next !== 'object' || !next.metadata) throw badRequest('patch removed the object metadata');
    if (next.metadata.name && next.metadata.name !== name) {
      throw badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`);
    }
    if (next.metadata.resourceVersion && next.metadata.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(rt, name);
    }
    return { object: this.write(rt, old, next, opts), created: false };
  }

  private apply(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    body: any,
    opts: WriteOptions & { force?: boolean },
  ): { object: KubeObject; created: boolean } {
    const applied = this.normalize(rt, namespace, clone(body));
    if (applied.metadata.name && applied.metadata.name !== name) {
      throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`);
    }
    applied.metadata.name = name;
    const scope: Scope = opts.subresource === 'status' ? 'status' : 'main';
    const old = this.store.get(rt, namespace, name);
    if (old && applied.metadata.resourceVersion && applied.metadata.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(rt, name);
    }
    const { resourceVersion: _rv, ...appliedMeta } = applied.metadata;
    const cfg = { ...applied, metadata: appliedMeta };
    const result = serverSideApply(
      rt.kind, rt.hasStatus, old, cfg, opts.manager, apiVersionOf(rt), !!opts.force, scope,
      (live, a) => {
        const merged = strategicMergePatch(rt.kind, clone(live), a);
        return merged;
      },
    );
    if (result.conflicts) throw applyConflict(result.conflicts);
    const merged = result.object!;
    if (!old) {
      if (scope === 'status') throw notFound(rt, name);
      const created = this.create(rt, namespace, merged, opts, opts.manager);
      return { object: created, created: true };
    }
    return { object: this.write(rt, old, merged, opts, true), created: false };
  }

  /**
   * Deletes an object with the apiserver's rules: graceful pod deletion, finalizers,
   * Foreground/Orphan propagation, namespace termination. Returns the object (still present
   * or final) and whether it is gone.
   */
  delete(rt: ResourceType, namespace: string | undefined, name: string, opts: DeleteOptions = {}): { object: KubeObject; gone: boolean } {
    const obj = this.store.get(rt, namespace, name);
    if (!obj) throw notFound(rt, name);
    if (opts.preconditions?.uid && opts.preconditions.uid !== obj.metadata.uid) {
      throw new ApiError(409, 'Conflict', `Precondition failed: UID in precondition: ${opts.preconditions.uid}, UID in object meta: ${obj.metadata.uid}`, { name, kind: rt.plural });
    }
    if (opts.preconditions?.resourceVersion && opts.preconditions.resourceVersion !== obj.metadata.resourceVersion) {
      throw new ApiError(409, 'Conflict', `Precondition failed: ResourceVersion in precondition: ${opts.preconditions.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`, { name, kind: rt.plural });
    }
    const now = new Date();
    const meta = { ...obj.metadata };
    const finalizers = [...(meta.finalizers ?? [])];
    const policy = opts.propagationPolicy;
    if (rt.kind === 'Namespace') {
      if (meta.deletionTimestamp) return { object: obj, gone: false };
      const next = {
        ...obj,
        metadata: { ...meta, deletionTimestamp: nowRfc3339(now), deletionGracePeriodSeconds: 0 },
        status: { ...(obj.status ?? {}), phase: 'Terminating' },
      };
      return { object: this.store.update(rt, next), gone: false };
    }
    if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    if (rt.kind === 'Pod' && obj.spec?.nodeName && !(obj.status?.phase === 'Succeeded' || obj.status?.phase === 'Failed')) {
      const requested = opts.gracePeriodSeconds ?? obj.spec?.terminationGracePeriodSeconds ?? 30;
      const grace = Math.max(0, requested);
      const current = meta.deletionGracePeriodSeconds;
      if (grace > 0 || finalizers.length > 0) {
        if (meta.deletionTimestamp && current !== undefined && current <= grace && deepEqual(finalizers, meta.finalizers ?? [])) {
          return { object: obj, gone: false };
        }
        const next = {
          ...obj,
          metadata: {
            ...meta,
            finalizers: finalizers.length ? finalizers : undefined,
            deletionTimestamp: nowRfc3339(new Date(now.getTime() + grace * 1000)),
            deletionGracePeriodSeconds: grace,
          },
        };
        if (!next.metadata.finalizers) delete next.metadata.finalizers;
        return { object: this.store.update(rt, next), gone: false };
      }
    }
    if (finalizers.length > 0) {
      if (meta.deletionTimestamp && deepEqual(finalizers, meta.finalizers ?? [])) return { object: obj, gone: false };
      const next = {
        ...obj,
        metadata: {
          ...meta,
          finalizers,
          deletionTimestamp: meta.deletionTimestamp ?? nowRfc3339(now),
          deletionGracePeriodSeconds: 0,
        },
      };
      return { object: this.store.update(rt, next), gone: false };
    }
    return { object: this.finalDelete(rt, obj), gone: true };
  }

  /** Removes an object from the store immediately. */
  finalDelete(rt: ResourceType, obj: KubeObject): KubeObject {
    const final = this.store.remove(rt, obj.metadata.namespace, obj.metadata.name!) ?? obj;
    this.hooks.afterDelete?.(rt, final);
    return final;
  }

  /** Read-modify-write for controllers: retries are unnecessary in-process (single thread). */
  mutate(rt: ResourceType, namespace: string | undefined, name: string, manager: string, fn: (obj: KubeObject) => KubeObject | void, subresource?: 'status'): KubeObject | undefined {
    const old = this.store.get(rt, namespace, name);
    if (!old) return undefined;
    const draft = clone(old);
    const next = fn(draft) ?? draft;
    return this.write(rt, old, next, { manager, subresource });
  }

  /** The autoscaling/v1 Scale of a Deployment or ReplicaSet. */
  scaleOf(obj: KubeObject): KubeObject {
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        creationTimestamp: obj.metadata.creationTimestamp,
      },
      // autoscaling/v1 ScaleSpec.replicas is omitempty: a scale of 0 replicas has `spec: {}`.
      spec: obj.spec?.replicas ? { replicas: obj.spec.replicas } : {},
      status: { replicas: obj.status?.replicas ?? 0, selector: formatLabelSelector(obj.spec?.selector) },
    };
  }
}

function encodeContinue(rv: number, startKey: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${startKey}` })).toString('base64');
}

function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.rv !== 'number' || typeof parsed.start !== 'string') throw new Error();
    return { rv: parsed.rv, start: parsed.start };
  } catch {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

/**
 * The agent's view of its LB group in etcd: a full read, then a watch from the next revision.
 * The etcd3 client resumes a broken watch where it left off; when etcd has compacted that
 * revision away (the watch is canceled) the source reads everything again.
 */
import { EventEmitter } from 'node:events';
import { Etcd3, IKeyValue, Watcher } from 'etcd3';
import {
  parseSlbKey,
  SlbDomain,
  slbDomainSchema,
  slbKeys,
  SlbUpstream,
  slbUpstreamSchema,
} from '@cellport/plugin-slb-common';
import { AgentLogger } from './options';

/** What the group holds at a revision. */
export interface GroupSnapshot {
  /** The etcd revision this view is current at. */
  revision: number;
  domains: ReadonlyMap<string, SlbDomain>;
  upstreams: ReadonlyMap<string, SlbUpstream>;
  /** Keys whose value is not valid, with the problem (the previous value is kept). */
  invalid: Readonly<Record<string, string>>;
}

function sleep(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * Emits `change` with the kinds that changed (`domain`, `upstream`) after every batch of events,
 * and `resync` after a full read.
 */
export class GroupSource extends EventEmitter {
  private revision = 0;
  private domains = new Map<string, SlbDomain>();
  private upstreams = new Map<string, SlbUpstream>();
  private invalid: Record<string, string> = {};
  private watcher?: Watcher;
  private stopped = false;
  private synced = false;
  /** Full reads done (the first one included). */
  resyncs = 0;

  constructor(
    private readonly client: Etcd3,
    private readonly group: string,
    private readonly logger: AgentLogger,
  ) {
    super();
  }

  snapshot(): GroupSnapshot {
    return {
      revision: this.revision,
      // copies: the maps change under an apply that awaits
      domains: new Map(this.domains),
      upstreams: new Map(this.upstreams),
      invalid: { ...this.invalid },
    };
  }

  get isSynced(): boolean {
    return this.synced;
  }

  /** Starts reading; retries until etcd answers. Resolves after the first full read. */
  async start(): Promise<void> {
    for (let delay = 200; !this.stopped; delay = Math.min(delay * 2, 2000)) {
      try {
        await this.resync();
        return;
      } catch (e) {
        this.logger.warn('etcd unavailable; serving the last configuration', {
          error: String(e),
        });
        await sleep(delay);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const watcher = this.watcher;
    this.watcher = undefined;
    await Promise.race([
      watcher?.cancel().catch(() => undefined),
      sleep(2000),
    ]);
  }

  private async resync(): Promise<void> {
    const old = this.watcher;
    this.watcher = undefined;
    // a watcher etcd canceled never answers a cancel: do not wait for it
    void old?.cancel().catch(() => undefined);
    const res = await this.client
      .getAll()
      .prefix(slbKeys.group(this.group))
      .exec();
    const revision = Number(res.header.revision);
    this.domains = new Map();
    this.upstreams = new Map();
    this.invalid = {};
    for (const kv of res.kvs) this.put(kv);
    this.revision = revision;
    this.synced = true;
    this.resyncs++;
    const watcher = await this.client
      .watch()
      .prefix(slbKeys.group(this.group))
      .startRevision(String(revision + 1))
      .create();
    this.watcher = watcher;
    watcher.on('data', data => {
      if (this.watcher !== watcher) return;
      const kinds = new Set<string>();
      for (const event of data.events) {
        const kind =
          event.type === 'Delete' ? this.delete(event.kv) : this.put(event.kv);
        if (kind) kinds.add(kind);
      }
      // agents' own status writes are not configuration: no new revision to apply
      if (kinds.size === 0) return;
      this.revision = Math.max(this.revision, Number(data.header.revision));
      this.emit('change', kinds);
    });
    watcher.on('disconnected', () =>
      this.logger.warn('etcd watch disconnected; reconnecting'),
    );
    watcher.on('connected', () => this.logger.info('etcd watch connected'));
    watcher.on('error', err => {
      if (this.watcher !== watcher || this.stopped) return;
      // canceled by etcd, e.g. its revision was compacted: read everything again
      this.logger.warn('etcd watch canceled; reading the group again', {
        error: String(err),
      });
      this.watcher = undefined;
      void this.start();
    });
    this.emit('change', new Set(['domain', 'upstream']));
  }

  private put(kv: IKeyValue): string | undefined {
    const key = kv.key.toString();
    const parsed = parseSlbKey(this.group, key);
    if (!parsed || parsed.kind === 'agent') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(kv.value.toString());
    } catch {
      this.invalid[key] = 'not JSON';
      return parsed.kind;
    }
    const schema = parsed.kind === 'domain' ? slbDomainSchema : slbUpstreamSchema;
    const result = schema.safeParse(value);
    if (!result.success) {
      this.invalid[key] = result.error.issues
        .map(i => `${i.path.join('.') || '(value)'}: ${i.message}`)
        .join('; ');
      return parsed.kind;
    }
    delete this.invalid[key];
    if (parsed.kind === 'domain') {
      const domain = result.data as SlbDomain;
      if (domain.name !== parsed.name) {
        this.invalid[key] = `name '${domain.name}' differs from the key`;
        return parsed.kind;
      }
      this.domains.set(parsed.name, domain);
    } else {
      this.upstreams.set(parsed.name, result.data as SlbUpstream);
    }
    return parsed.kind;
  }

  private delete(kv: IKeyValue): string | undefined {
    const key = kv.key.toString();
    const parsed = parseSlbKey(this.group, key);
    if (!parsed || parsed.kind === 'agent') return undefined;
    delete this.invalid[key];
    if (parsed.kind === 'domain') this.domains.delete(parsed.name);
    else this.upstreams.delete(parsed.name);
    return parsed.kind;
  }
}

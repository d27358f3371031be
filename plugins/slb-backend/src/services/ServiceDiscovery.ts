/**
 * Service discovery: one backend replica at a time (an etcd election) follows the EndpointSlices
 * of every app with a domain, in every cell of the domain's region, and writes the ready
 * endpoints (cell, version, weight) to `/slb/{group}/upstreams/{app}:{port}`. A cell that cannot
 * be read keeps its last known servers, marked stale; draining pods stay out. Weights give a live
 * release's new version its traffic share (read from the cells plugin, see trafficWeights.ts).
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { Campaign } from 'etcd3';
import {
  CellSupplier,
  CellsTrafficShares,
  kubeConfigForCell,
} from '@cellport/plugin-cells-node';
import {
  applyCellWeights,
  cellWeightMarkKey,
  slbKeys,
  SlbUpstream,
  slbUpstreamSchema,
  upstreamId,
} from '@cellport/plugin-slb-common';
import { ConfigGroupSupplier, ConfiguredGroup } from './ConfigGroupSupplier';
import { clearDraining, drainingOf, drainingPrefix } from './Draining';
import { EndpointWatch } from './EndpointWatch';
import { cellWeightsOf } from './evacuation/cellWeights';
import { SlbEtcd } from './SlbEtcd';
import { VersionShare, weighServers } from './trafficWeights';

interface Target {
  group: ConfiguredGroup;
  app: string;
  port: number;
}

function comparable(u: SlbUpstream | undefined): string {
  if (!u) return '';
  return JSON.stringify({
    servers: u.servers,
    cells: Object.fromEntries(
      Object.entries(u.cells)
        .sort()
        .map(([c, s]) => [c, s.stale]),
    ),
  });
}

export class ServiceDiscovery {
  private targets = new Map<string, Target>();
  private watches = new Map<string, EndpointWatch>();
  private timer?: NodeJS.Timeout;
  private leading = false;
  private stopped = false;
  private campaign?: Campaign;
  private restartTimer?: NodeJS.Timeout;
  /** Delay before the next campaign after a failed one (doubles up to 30 s). */
  private retryMs = 1000;
  /** Per target key: a sync is running / another one is due. */
  private syncing = new Set<string>();
  private again = new Set<string>();
  /** The traffic shares of live releases by app, as last read. */
  private shares = new Map<string, VersionShare>();
  private sharesReadAt = 0;
  private sharesReading?: Promise<void>;

  constructor(
    private readonly groups: ConfigGroupSupplier,
    private readonly cells: CellSupplier,
    private readonly etcd: SlbEtcd,
    private readonly logger: LoggerService,
    private readonly options: {
      refreshMs: number;
      replicaId: string;
      /** The traffic shares of releases (none: traffic by replicas). */
      shares?: CellsTrafficShares;
    },
  ) {}

  /**
   * Reads the releases' traffic shares (one read at a time); on failure the last ones stay, so
   * a cells backend that is away changes no weight.
   */
  private readShares(): Promise<void> {
    const source = this.options.shares;
    if (!source) return Promise.resolve();
    this.sharesReading ??= source
      .listShares()
      .then(items => {
        this.shares = new Map(items.map(s => [s.app, { version: s.version, percent: s.percent }]));
        this.sharesReadAt = Date.now();
      })
      .catch(e => this.logger.warn('Service discovery: traffic shares not read; the last ones stay', { error: String(e) }))
      .finally(() => {
        this.sharesReading = undefined;
      });
    return this.sharesReading;
  }

  /** Campaigns for the discovery lease; the elected replica runs it. */
  start(): void {
    if (this.stopped) return;
    const first = this.groups.read()[0];
    if (!first) return;
    const election = this.etcd.client(first).election('cellport-slb-discovery', 5);
    const campaign = election.campaign(this.options.replicaId);
    this.campaign = campaign;
    campaign.on('elected', () => {
      this.logger.info('Service discovery: this replica leads', { replica: this.options.replicaId });
      this.retryMs = 1000;
      this.leading = true;
      void this.refresh();
    });
    campaign.on('error', err => {
      // one campaign at a time: the failed one is dropped (it may report more errors), and a new one
      // starts after a growing delay, so an etcd that stays away costs a log line every 30 s at most
      if (this.campaign !== campaign) return;
      this.campaign = undefined;
      campaign.removeAllListeners();
      campaign.on('error', () => undefined);
      void campaign.resign().catch(() => undefined);
      this.logger.warn('Service discovery: no lead (etcd unreachable or lease lost); campaigning again', {
        error: String(err),
        retryInMs: this.retryMs,
      });
      this.stopWatching();
      if (!this.stopped) {
        this.restartTimer = setTimeout(() => this.start(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, 30_000);
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    this.stopWatching();
    await this.campaign?.resign().catch(() => undefined);
  }

  private stopWatching(): void {
    this.leading = false;
    clearTimeout(this.timer);
    for (const w of this.watches.values()) w.stop();
    this.watches.clear();
  }

  /** Re-reads which app ports have domains, adjusts the watches, syncs everything. */
  private async refresh(): Promise<void> {
    if (!this.leading || this.stopped) return;
    try {
      await this.readShares();
      const cells = await this.cells.getCells();
      const targets = new Map<string, Target>();
      for (const group of this.groups.read()) {
        let domains;
        try {
          domains = await this.etcd.listDomains(group);
        } catch (e) {
          // keep the group's previous targets while its etcd is away
          for (const [k, t] of this.targets) if (t.group.name === group.name) targets.set(k, t);
          continue;
        }
        for (const d of domains) {
          for (const l of d.locations) {
            targets.set(`${group.name}|${upstreamId(l.app, l.port)}`, { group, app: l.app, port: l.port });
          }
        }
      }
      this.targets = targets;
      const wanted = new Set<string>();
      for (const t of targets.values()) {
        for (const cell of cells.filter(c => c.region === t.group.region)) {
          const key = `${cell.name}|${t.app}`;
          wanted.add(key);
          if (!this.watches.has(key)) {
            const w = new EndpointWatch(kubeConfigForCell(cell), cell.name, t.app, () =>
              this.syncApp(t.app),
            );
            this.watches.set(key, w);
            w.start();
          }
        }
      }
      for (const [key, w] of this.watches) {
        if (!wanted.has(key)) {
          w.stop();
          this.watches.delete(key);
        }
      }
      for (const key of targets.keys()) this.sync(key);
    } catch (e) {
      this.logger.warn('Service discovery refresh failed', { error: String(e) });
    } finally {
      clearTimeout(this.timer);
      if (this.leading && !this.stopped) {
        this.timer = setTimeout(() => void this.refresh(), this.options.refreshMs);
      }
    }
  }

  private syncApp(app: string): void {
    for (const [key, t] of this.targets) if (t.app === app) this.sync(key);
  }

  /** Runs a sync of one target, coalescing calls that arrive while it runs. */
  private sync(key: string): void {
    if (this.syncing.has(key)) {
      this.again.add(key);
      return;
    }
    this.syncing.add(key);
    void this.syncOnce(key)
      .catch(e => this.logger.warn('Service discovery: upstream not written', { target: key, error: String(e) }))
      .finally(() => {
        this.syncing.delete(key);
        if (this.again.delete(key) && this.leading) this.sync(key);
      });
  }

  private async syncOnce(key: string): Promise<void> {
    const target = this.targets.get(key);
    if (!target || !this.leading) return;
    const { group, app, port } = target;
    const client = this.etcd.client(group);
    const etcdKey = slbKeys.upstream(group.name, app, port);
    // the upstream, the app's draining marks and the cells' weight marks in one read at one
    // revision (one round trip instead of three, on the path from a pod turning Ready to traffic):
    // a drain writes its mark before its removal, so a removal read here comes with its mark;
    // evacuated cells stay out, un-evacuating ones re-enter with a share of their weight
    const markPrefix = drainingPrefix(group.name, app);
    const weightPrefix = cellWeightMarkKey(group.name, '');
    const read = await client
      .if(etcdKey, 'Mod', '>', -1) // always true: a read-only transaction
      .then(client.get(etcdKey), client.getAll().prefix(markPrefix), client.getAll().prefix(weightPrefix))
      .commit();
    const [upstreamKvs, markKvs, weightKvs] = read.responses.map(r => r.response_range?.kvs ?? []);
    const kv = upstreamKvs[0];
    let current: SlbUpstream | undefined;
    if (kv) {
      const parsed = slbUpstreamSchema.safeParse(JSON.parse(kv.value.toString()));
      current = parsed.success ? parsed.data : undefined;
    }
    const draining = drainingOf(markPrefix, markKvs.map(m => m.key.toString()));
    const cellWeights = cellWeightsOf(
      weightPrefix,
      weightKvs.map(m => [m.key.toString(), m.value.toString()]),
    );
    const now = new Date().toISOString();
    const next: SlbUpstream = { app, port, servers: [], cells: {}, updatedAt: now };
    const regionCells = (await this.cells.getCells()).filter(c => c.region === group.region);
    for (const cell of regionCells) {
      const watch = this.watches.get(`${cell.name}|${app}`);
      const live = watch?.servers();
      let servers = live;
      if (live) {
        next.cells[cell.name] = { stale: false, observedAt: watch!.observedAt };
        const known = watch!.knownIps()!;
        const gone = [...(draining.get(cell.name) ?? [])].filter(ip => !known.has(ip));
        if (gone.length) await clearDraining(client, group.name, app, cell.name, gone);
      } else {
        // not listed (yet) or unreachable: the last known servers stay
        servers = (current?.servers ?? []).filter(s => s.cell === cell.name);
        const failing = watch?.failingSince !== undefined;
        next.cells[cell.name] = {
          stale: failing || (current?.cells[cell.name]?.stale ?? false),
          observedAt: current?.cells[cell.name]?.observedAt ?? now,
        };
      }
      const out = draining.get(cell.name) ?? new Set<string>();
      next.servers.push(...servers!.filter(s => !out.has(s.address.split(':')[0])));
    }
    // a version the upstream did not have (a release's canary): its share first, so that it
    // never starts at the weight of its replica count
    const versionsBefore = new Set(current?.servers.map(s => s.version));
    if (next.servers.some(s => !versionsBefore.has(s.version)) && Date.now() - this.sharesReadAt > 250) {
      await this.readShares();
    }
    next.servers = weighServers(next.servers, this.shares.get(app));
    next.servers = applyCellWeights(next.servers, cellWeights);
    next.servers.sort((a, b) => a.address.localeCompare(b.address));
    if (comparable(next) === comparable(current)) return;
    const txn = kv
      ? client.if(etcdKey, 'Mod', '==', kv.mod_revision)
      : client.if(etcdKey, 'Create', '==', 0);
    const result = await txn.then(client.put(etcdKey).value(JSON.stringify(next))).commit();
    if (!result.succeeded) {
      // changed meanwhile (a drain): compute again
      this.again.add(key);
      return;
    }
    this.logger.debug('Upstream written', { group: group.name, upstream: upstreamId(app, port), servers: next.servers.length });
  }
}

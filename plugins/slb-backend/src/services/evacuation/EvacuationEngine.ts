/**
 * The steps of an evacuation, one call at a time (each call does what it can now and saves where
 * it is, so a restarted or another replica carries on):
 *
 * evacuating: `scale-up` the other cells (through the cells plugin) → `ready` (wait until they
 * are Ready, bounded) → `upstreams` (mark the cell out for the discovery, take its servers out of
 * every upstream of the region's groups) → `agents` (wait until every live agent applied that
 * revision, bounded) → evacuated. The evacuated cell's pods are left running: they get no
 * traffic from the LB groups, an unreachable cell could not be scaled anyway, and un-evacuating
 * then needs no cold start.
 *
 * restoring: `ramp` (the cell's servers re-enter at 10, 25, 50 then 100 percent of their
 * weight, each step applied by every agent and held for a while) → `scale-back` (the other
 * cells back to the app's spec, scale-downs drained first by the cells plugin) → restored.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { CellsScalingService } from '@cellport/plugin-cells-node';
import { cellWeightMarkKey, EvacuationState } from '@cellport/plugin-slb-common';
import { ConfigGroupSupplier, ConfiguredGroup } from '../ConfigGroupSupplier';
import { SlbEtcd } from '../SlbEtcd';
import { EvacuationStore, StoredEvacuation } from './EvacuationStore';

/** Timings of the steps. */
export interface EvacuationTimings {
  /** How long `ready` waits for the other cells' new replicas. */
  readyTimeoutMs: number;
  /** How long `agents` (and each ramp step) waits for every live agent. */
  applyTimeoutMs: number;
  /** How long each ramp step holds before the next one. */
  rampStepMs: number;
  /** How long a step may keep failing (etcd or the cells plugin away) before the evacuation fails. */
  errorTimeoutMs: number;
}

/** The weights the cell's servers re-enter with, in percent of their normal weight. */
export const RAMP_PERCENTS = [10, 25, 50, 100];

type Data = Record<string, any>;
type Next = { state: EvacuationState; step: string; data: Data; error?: string | null };

const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Step data without the retry bookkeeping of a failing step. */
function withoutError(data: Data): Data {
  const { errorSince: _since, lastError: _error, ...rest } = data;
  return rest;
}

export class EvacuationEngine {
  constructor(
    private readonly deps: {
      store: EvacuationStore;
      groups: ConfigGroupSupplier;
      etcd: SlbEtcd;
      scaling: CellsScalingService;
      logger: LoggerService;
      timings: EvacuationTimings;
    },
  ) {}

  /** Runs the evacuation's current step once, as `owner` (its lease holder). */
  async tick(ev: StoredEvacuation, owner: string): Promise<void> {
    let next: Next | undefined;
    try {
      const result = await this.step(ev);
      if (result) next = { ...result, data: withoutError(result.data) };
      else if (ev.stepData.errorSince !== undefined) {
        next = { state: ev.state, step: ev.step, data: withoutError(ev.stepData) };
      }
    } catch (e) {
      // etcd or the cells plugin away for a while: the step is tried again, and given up
      // (failed, the cell stays as it is until restored) only after `errorTimeoutMs`
      const data = ev.stepData;
      const since = (data.errorSince as number | undefined) ?? Date.now();
      if (Date.now() - since > this.deps.timings.errorTimeoutMs) {
        await this.event(ev, 'error', ev.step, `Step '${ev.step}' failed for ${Math.round((Date.now() - since) / 1000)} s: ${msg(e)}; stopped (restore the cell to bring it back)`);
        next = { state: 'failed', step: ev.step, data, error: msg(e) };
      } else {
        if (data.lastError !== msg(e)) {
          await this.event(ev, 'warning', ev.step, `Step '${ev.step}' failed, trying again: ${msg(e)}`);
        }
        next = { state: ev.state, step: ev.step, data: { ...data, errorSince: since, lastError: msg(e) } };
      }
    }
    if (!next) return;
    if (next.state === 'restored') {
      await this.deps.store.finish(ev.id, ev.cell);
      return;
    }
    await this.deps.store.saveProgress(ev.id, owner, next);
  }

  private groupsOf(ev: StoredEvacuation): ConfiguredGroup[] {
    return this.deps.groups.read().filter(g => ev.plan.groups.includes(g.name));
  }

  private event(ev: StoredEvacuation, level: 'info' | 'warning' | 'error', step: string, message: string) {
    this.deps.logger[level === 'warning' ? 'warn' : level](`Evacuation: ${message}`, { evacuation: ev.id, cell: ev.cell, step });
    return this.deps.store.addEvent(ev.id, level, step, message);
  }

  private async step(ev: StoredEvacuation): Promise<Next | undefined> {
    const data = ev.stepData;
    const since = (data.since as number | undefined) ?? Date.now();
    switch (`${ev.state}:${ev.step}`) {
      case 'evacuating:scale-up':
        await this.scaleUp(ev);
        return { state: 'evacuating', step: 'ready', data: { since: Date.now() } };
      case 'evacuating:ready':
        return this.waitReady(ev, since);
      case 'evacuating:upstreams':
        return this.takeOut(ev);
      case 'evacuating:agents': {
        const done = await this.waitApplied(ev, (data.revisions ?? {}) as Record<string, number>, since, 'agents');
        if (!done) return undefined;
        await this.event(
          ev,
          'info',
          'done',
          `Cell '${ev.cell}' is evacuated. Its pods are left running: they get no traffic from the LB groups, and un-evacuating brings them back without a cold start`,
        );
        return { state: 'evacuated', step: 'evacuated', data: {} };
      }
      case 'restoring:ramp':
        return this.ramp(ev, data);
      case 'restoring:scale-back':
        await this.scaleBack(ev);
        await this.event(ev, 'info', 'done', `Cell '${ev.cell}' is back in every upstream at full weight; the other cells run their spec`);
        return { state: 'restored', step: 'done', data: {} };
      default:
        return undefined;
    }
  }

  private async scaleUp(ev: StoredEvacuation): Promise<void> {
    let scaled = 0;
    for (const app of ev.plan.apps) {
      for (const t of app.targets.filter(x => x.to > x.from)) {
        try {
          const placement = await this.deps.scaling.getPlacement(app.app);
          const now = placement.cells.find(c => c.cell === t.cell);
          if (!now?.stableVersion) throw new Error(`cell '${t.cell}' runs no stable version`);
          const replicas = Math.max(t.to, now.desired ?? 0);
          await this.deps.scaling.scale({
            app: app.app,
            cell: t.cell,
            version: now.stableVersion,
            replicas,
            reason: `evacuation of cell '${ev.cell}' (${ev.id})`,
          });
          scaled++;
          await this.event(ev, 'info', 'scale-up', `${app.app}: cell '${t.cell}' scaled from ${t.from} to ${replicas} replicas of ${now.stableVersion}`);
        } catch (e) {
          await this.event(ev, 'warning', 'scale-up', `${app.app}: cell '${t.cell}' not scaled up: ${msg(e)}`);
        }
      }
    }
    if (scaled === 0) await this.event(ev, 'info', 'scale-up', 'No other cell needs more replicas');
  }

  private async waitReady(ev: StoredEvacuation, since: number): Promise<Next | undefined> {
    const lagging: string[] = [];
    for (const app of ev.plan.apps) {
      const targets = app.targets.filter(x => x.to > x.from);
      if (targets.length === 0) continue;
      const placement = await this.deps.scaling.getPlacement(app.app).catch(() => undefined);
      for (const t of targets) {
        const ready = placement?.cells.find(c => c.cell === t.cell)?.ready ?? 0;
        if (ready < t.to) lagging.push(`${app.app} in '${t.cell}' has ${ready} of ${t.to} Ready`);
      }
    }
    const next: Next = { state: 'evacuating', step: 'upstreams', data: {} };
    if (lagging.length === 0) {
      await this.event(ev, 'info', 'ready', 'Every other cell has its new replicas Ready');
      return next;
    }
    if (Date.now() - since > this.deps.timings.readyTimeoutMs) {
      await this.event(
        ev,
        'warning',
        'ready',
        `Not Ready after ${Math.round(this.deps.timings.readyTimeoutMs / 1000)} s: ${lagging.join('; ')}; the cell's servers leave anyway (the ready servers of the other cells serve)`,
      );
      return next;
    }
    return undefined;
  }

  /** Writes (or at 100 % deletes) the cell's weight mark in a group; the revision it is at. */
  private async writeMark(group: ConfiguredGroup, ev: StoredEvacuation, percent: number): Promise<number> {
    const key = cellWeightMarkKey(group.name, ev.cell);
    const client = this.deps.etcd.client(group);
    const res =
      percent >= 100
        ? await client.delete().key(key).exec()
        : await client.put(key).value(JSON.stringify({ evacuationId: ev.id, percent })).exec();
    return Number(res.header.revision);
  }

  private async takeOut(ev: StoredEvacuation): Promise<Next> {
    const revisions: Record<string, number> = {};
    for (const group of this.groupsOf(ev)) {
      // the mark first, so the discovery never puts the servers back
      await this.writeMark(group, ev, 0);
      let revision = 0;
      for (const id of (await this.deps.etcd.listUpstreams(group)).keys()) {
        revision = Math.max(revision, await this.deps.etcd.removeServers(group, id, s => s.cell === ev.cell));
      }
      revisions[group.name] = revision;
      await this.event(ev, 'info', 'upstreams', `LB group '${group.name}': the servers of cell '${ev.cell}' left every upstream (revision ${revision})`);
    }
    return { state: 'evacuating', step: 'agents', data: { revisions, since: Date.now() } };
  }

  /** True once every live agent of each group reports its revision (or the wait timed out). */
  private async waitApplied(ev: StoredEvacuation, revisions: Record<string, number>, since: number, step: string): Promise<boolean> {
    const behind: string[] = [];
    let agents = 0;
    for (const group of this.groupsOf(ev)) {
      const revision = revisions[group.name] ?? 0;
      const list = await this.deps.etcd.listAgents(group);
      agents += list.length;
      for (const a of list) {
        if (a.revision < revision) behind.push(`host ${a.host} of '${group.name}' is at ${a.revision}, needs ${revision}${a.lastError ? ` (${a.lastError})` : ''}`);
      }
    }
    if (behind.length === 0) {
      await this.event(ev, 'info', step, `Every live agent (${agents}) applied the change`);
      return true;
    }
    if (Date.now() - since > this.deps.timings.applyTimeoutMs) {
      await this.event(ev, 'warning', step, `Not applied after ${Math.round(this.deps.timings.applyTimeoutMs / 1000)} s: ${behind.join('; ')}`);
      return true;
    }
    return false;
  }

  private async ramp(ev: StoredEvacuation, data: Data): Promise<Next | undefined> {
    const index = (data.index as number | undefined) ?? 0;
    if (index >= RAMP_PERCENTS.length) return { state: 'restoring', step: 'scale-back', data: {} };
    const percent = RAMP_PERCENTS[index];
    if (data.marks === undefined) {
      const marks: Record<string, number> = {};
      for (const group of this.groupsOf(ev)) marks[group.name] = await this.writeMark(group, ev, percent);
      return { state: 'restoring', step: 'ramp', data: { index, marks, writtenAt: Date.now() } };
    }
    // the discovery rewrites each app's upstream with the new weights (it reads the marks on
    // every sync): wait for that, bounded (an app without a Ready pod in the cell never changes)
    if (!data.revisions) {
      const revisions: Record<string, number> = {};
      const waiting: string[] = [];
      for (const group of this.groupsOf(ev)) {
        let revision = 0;
        for (const { upstream, modRevision } of (await this.deps.etcd.listUpstreams(group)).values()) {
          if (!ev.plan.apps.some(a => a.app === upstream.app)) continue;
          if (modRevision <= data.marks[group.name]) waiting.push(`${upstream.app} in '${group.name}'`);
          revision = Math.max(revision, modRevision);
        }
        revisions[group.name] = revision;
      }
      const waited = Date.now() - data.writtenAt;
      if (waiting.length && waited < this.deps.timings.applyTimeoutMs) return undefined;
      if (waiting.length) {
        await this.event(ev, 'warning', 'ramp', `Upstreams not rewritten for ${percent}% after ${Math.round(waited / 1000)} s: ${waiting.join(', ')} (no Ready pod in '${ev.cell}'?)`);
      }
      return { state: 'restoring', step: 'ramp', data: { ...data, revisions, since: Date.now() } };
    }
    if (!data.applied) {
      if (!(await this.waitApplied(ev, data.revisions, data.since, 'ramp'))) return undefined;
      await this.event(ev, 'info', 'ramp', `Cell '${ev.cell}' serves at ${percent}% of its weight`);
      return { state: 'restoring', step: 'ramp', data: { ...data, applied: Date.now() } };
    }
    if (percent < 100 && Date.now() - data.applied < this.deps.timings.rampStepMs) return undefined;
    return { state: 'restoring', step: 'ramp', data: { index: index + 1 } };
  }

  private async scaleBack(ev: StoredEvacuation): Promise<void> {
    for (const app of ev.plan.apps) {
      for (const t of app.targets.filter(x => x.to > x.from)) {
        try {
          const placement = await this.deps.scaling.getPlacement(app.app);
          const now = placement.cells.find(c => c.cell === t.cell);
          if (!now?.stableVersion || now.desired === undefined || now.autoscaling) continue;
          if (now.desired <= now.specReplicas) continue;
          await this.deps.scaling.scale({
            app: app.app,
            cell: t.cell,
            version: now.stableVersion,
            replicas: now.specReplicas,
            reason: `un-evacuation of cell '${ev.cell}' (${ev.id})`,
          });
          await this.event(ev, 'info', 'scale-back', `${app.app}: cell '${t.cell}' scaled back from ${now.desired} to its spec's ${now.specReplicas} replicas`);
        } catch (e) {
          await this.event(ev, 'warning', 'scale-back', `${app.app}: cell '${t.cell}' not scaled back: ${msg(e)}`);
        }
      }
    }
  }
}

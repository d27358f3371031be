/**
 * Evacuations in the plugin database (knex: SQLite or PostgreSQL): the record with its plan, the
 * step it is at, its timeline, the one-per-cell guard, and the leases that let one replica at a
 * time drive an evacuation.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { Page, pageOfRows, PageRequest } from '@cellport/common';
import {
  Evacuation,
  EvacuationEvent,
  EvacuationPlan,
  EvacuationState,
} from '@cellport/plugin-slb-common';
import { Knex } from 'knex';

/** Where a running evacuation is: its step and that step's own data (JSON). */
export interface EvacuationProgress {
  state: EvacuationState;
  step: string;
  data: Record<string, unknown>;
  error?: string | null;
}

/** A stored evacuation with where it is. */
export interface StoredEvacuation extends Evacuation {
  step: string;
  stepData: Record<string, unknown>;
}

type Row = {
  id: string;
  cell: string;
  region: string;
  state: EvacuationState;
  step: string;
  step_data: string;
  trigger: 'manual' | 'automatic';
  reason: string;
  plan: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  restore_requested_by: string | null;
  error: string | null;
};

const now = () => new Date().toISOString();
const ACTIVE: EvacuationState[] = ['evacuating', 'restoring'];

export class EvacuationStore {
  constructor(private readonly knex: Knex) {}

  /**
   * Stores a new evacuation of a cell in state `evacuating`; ConflictError when the cell already
   * has one that is not restored.
   */
  async create(input: {
    cell: string;
    region: string;
    trigger: 'manual' | 'automatic';
    reason: string;
    plan: EvacuationPlan;
    createdBy: string;
    firstStep: string;
  }): Promise<StoredEvacuation> {
    const id = randomUUID();
    const at = now();
    try {
      await this.knex.transaction(async tx => {
        await tx('slb_evacuated_cells').insert({ cell: input.cell, evacuation_id: id });
        await tx('slb_evacuations').insert({
          id,
          cell: input.cell,
          region: input.region,
          state: 'evacuating',
          step: input.firstStep,
          step_data: '{}',
          trigger: input.trigger,
          reason: input.reason,
          plan: JSON.stringify(input.plan),
          created_by: input.createdBy,
          created_at: at,
          updated_at: at,
          lease_until: 0,
        });
        await tx('slb_evacuation_events').insert({
          evacuation_id: id,
          at,
          level: 'info',
          step: 'plan',
          message: `${input.trigger === 'automatic' ? 'Automatic evacuation' : 'Evacuation'} of cell '${input.cell}': ${input.reason}`,
        });
      });
    } catch (e) {
      const existing = await this.knex('slb_evacuated_cells').where({ cell: input.cell }).first();
      if (existing) {
        throw new ConflictError(
          `cell '${input.cell}' is already evacuated or being evacuated (evacuation ${existing.evacuation_id}); restore it first`,
        );
      }
      throw e;
    }
    return (await this.get(id))!;
  }

  async get(id: string): Promise<StoredEvacuation | undefined> {
    const row = await this.knex<Row>('slb_evacuations').where({ id }).first();
    if (!row) return undefined;
    const events = await this.knex('slb_evacuation_events')
      .where({ evacuation_id: id })
      .orderBy('id', 'asc');
    return toEvacuation(row, events);
  }

  async require(id: string): Promise<StoredEvacuation> {
    const e = await this.get(id);
    if (!e) throw new NotFoundError(`no evacuation '${id}'`);
    return e;
  }

  /** Newest first, without their timelines. */
  /** The newest evacuations without their timelines (the first page of {@link EvacuationStore.listPage}). */
  async list(limit = 100): Promise<Evacuation[]> {
    return (await this.listPage({ limit })).items;
  }

  /**
   * One page of evacuations, newest first, without their timelines: keyset on (created_at, id)
   * descending, the cursor holding the last item's pair.
   */
  async listPage(request: PageRequest): Promise<Page<Evacuation>> {
    const query = this.knex<Row>('slb_evacuations')
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(request.limit + 1);
    if (request.after) {
      const [createdAt, id] = request.after;
      query.where(q =>
        q.where('created_at', '<', createdAt).orWhere(w => w.where('created_at', createdAt).andWhere('id', '<', id)),
      );
    }
    const rows = await query;
    const page = pageOfRows(rows, request.limit, r => [r.created_at, r.id]);
    return {
      ...page,
      items: page.items.map(r => {
        const { step: _s, stepData: _d, ...rest } = toEvacuation(r, []);
        return rest;
      }),
    };
  }

  /** The cells that are evacuated or being evacuated or restored, with their evacuation. */
  async evacuatedCells(): Promise<Map<string, string>> {
    const rows = await this.knex('slb_evacuated_cells').select('cell', 'evacuation_id');
    return new Map(rows.map(r => [r.cell as string, r.evacuation_id as string]));
  }

  /** Moves an evacuated (or failed) evacuation to `restoring`; ConflictError otherwise. */
  async requestRestore(id: string, by: string, firstStep: string): Promise<void> {
    const changed = await this.knex('slb_evacuations')
      .where({ id })
      .whereIn('state', ['evacuated', 'failed'])
      .update({
        state: 'restoring',
        step: firstStep,
        step_data: '{}',
        error: null,
        restore_requested_by: by,
        updated_at: now(),
      });
    if (!changed) {
      const e = await this.require(id);
      throw new ConflictError(
        `evacuation ${id} of cell '${e.cell}' is ${e.state}; only an evacuated or failed evacuation can be restored`,
      );
    }
    await this.addEvent(id, 'info', 'restore', 'Un-evacuation requested');
  }

  /** Claims (or renews) the lease of every active evacuation free or held by `owner`. */
  async claim(owner: string, leaseMs: number): Promise<string[]> {
    const t = Date.now();
    const candidates = await this.knex('slb_evacuations')
      .whereIn('state', ACTIVE)
      .andWhere(q => q.where('lease_owner', owner).orWhere('lease_until', '<', t))
      .select('id');
    const held: string[] = [];
    for (const { id } of candidates) {
      const n = await this.knex('slb_evacuations')
        .where({ id })
        .whereIn('state', ACTIVE)
        .andWhere(q => q.where('lease_owner', owner).orWhere('lease_until', '<', t))
        .update({ lease_owner: owner, lease_until: t + leaseMs });
      if (n) held.push(id);
    }
    return held;
  }

  /** Gives up the leases of `owner`. */
  async releaseLeases(owner: string): Promise<void> {
    await this.knex('slb_evacuations').where({ lease_owner: owner }).update({ lease_owner: null, lease_until: 0 });
  }

  /** Saves where an evacuation is, only while `owner` holds it. */
  async saveProgress(id: string, owner: string, progress: EvacuationProgress): Promise<boolean> {
    const n = await this.knex('slb_evacuations')
      .where({ id, lease_owner: owner })
      .update({
        state: progress.state,
        step: progress.step,
        step_data: JSON.stringify(progress.data),
        ...(progress.error !== undefined ? { error: progress.error } : {}),
        updated_at: now(),
      });
    return n > 0;
  }

  /** Ends an evacuation: restored, and the cell free for another one. */
  async finish(id: string, cell: string): Promise<void> {
    await this.knex.transaction(async tx => {
      await tx('slb_evacuations').where({ id }).update({
        state: 'restored',
        step: 'done',
        step_data: '{}',
        lease_owner: null,
        lease_until: 0,
        updated_at: now(),
      });
      await tx('slb_evacuated_cells').where({ cell, evacuation_id: id }).delete();
    });
  }

  async addEvent(id: string, level: EvacuationEvent['level'], step: string, message: string): Promise<void> {
    await this.knex('slb_evacuation_events').insert({ evacuation_id: id, at: now(), level, step, message });
  }
}

function toEvacuation(row: Row, events: any[]): StoredEvacuation {
  return {
    id: row.id,
    cell: row.cell,
    region: row.region,
    state: row.state,
    trigger: row.trigger,
    reason: row.reason,
    plan: JSON.parse(row.plan),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.restore_requested_by ? { restoreRequestedBy: row.restore_requested_by } : {}),
    ...(row.error ? { error: row.error } : {}),
    events: events.map(e => ({ at: e.at, level: e.level, step: e.step, message: e.message })),
    step: row.step,
    stepData: JSON.parse(row.step_data),
  };
}

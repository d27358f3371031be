/**
 * Cell evacuation for platform admins (others get 404): plan, start, list, read and restore;
 * and the automatic evacuation of a cell that stays unreachable. The work itself is done by the
 * {@link EvacuationRunner} on whichever replica holds the evacuation's lease.
 */
import { DEFAULT_PAGE_LIMITS, Page, PageRequest } from '@cellport/common';
import {
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { adminViewPermission } from '@cellport/plugin-access-common';
import { parseInput } from '@cellport/plugin-access-node';
import { CellReachability, CellsScalingService } from '@cellport/plugin-cells-node';
import {
  Evacuation,
  EvacuationPlan,
  evacuationRequestSchema,
} from '@cellport/plugin-slb-common';
import { EvacuationPlanner } from './EvacuationPlanner';
import { EvacuationStore } from './EvacuationStore';

/** The first step of each phase. */
export const FIRST_STEP = { evacuating: 'scale-up', restoring: 'ramp' } as const;

export class EvacuationService {
  /** Called when an evacuation starts or is restored, so the runner takes it at once. */
  onChange: () => void = () => undefined;

  constructor(
    private readonly deps: {
      store: EvacuationStore;
      planner: EvacuationPlanner;
      scaling: CellsScalingService;
      permissions: PermissionsService;
    },
  ) {}

  /** Throws NotFoundError unless the caller is a platform admin (evacuation does not exist for others). */
  async requireAdmin(credentials: BackstageCredentials): Promise<void> {
    const [d] = await this.deps.permissions.authorize([{ permission: adminViewPermission }], { credentials });
    if (d.result !== AuthorizeResult.ALLOW) throw new NotFoundError('Not found');
  }

  async plan(credentials: BackstageCredentials<BackstageUserPrincipal>, body: unknown): Promise<EvacuationPlan> {
    await this.requireAdmin(credentials);
    const input = parseInput(evacuationRequestSchema, body);
    const cells = await this.deps.scaling.checkCells();
    const plan = await this.deps.planner.plan(input.cell, await this.deps.store.evacuatedCells(), cells);
    return plan;
  }

  async start(credentials: BackstageCredentials<BackstageUserPrincipal>, body: unknown): Promise<Evacuation> {
    await this.requireAdmin(credentials);
    const input = parseInput(evacuationRequestSchema, body);
    const ev = await this.create(input.cell, {
      trigger: 'manual',
      reason: input.reason ?? 'requested by a platform admin',
      createdBy: credentials.principal.userEntityRef,
    });
    return ev;
  }

  /**
   * Plans and stores an evacuation. ConflictError when the cell is already out, or when no other
   * cell of its region could serve (all others unreachable or evacuated).
   */
  async create(
    cell: string,
    options: { trigger: 'manual' | 'automatic'; reason: string; createdBy: string },
    cells?: CellReachability[],
  ): Promise<Evacuation> {
    const all = cells ?? (await this.deps.scaling.checkCells());
    const evacuated = await this.deps.store.evacuatedCells();
    if (evacuated.has(cell)) {
      throw new ConflictError(`cell '${cell}' is already evacuated or being evacuated (evacuation ${evacuated.get(cell)}); restore it first`);
    }
    const plan = await this.deps.planner.plan(cell, evacuated, all);
    const others = all.filter(c => c.region === plan.region && c.cell !== cell);
    if (!others.some(c => c.reachable && !evacuated.has(c.cell))) {
      throw new ConflictError(
        `cell '${cell}' cannot be evacuated: no other cell of region '${plan.region}' is reachable and not evacuated (${others.map(c => `${c.cell}: ${evacuated.has(c.cell) ? 'evacuated' : 'unreachable'}`).join(', ') || 'there is none'})`,
      );
    }
    const { step: _s, stepData: _d, ...ev } = await this.deps.store.create({
      cell,
      region: plan.region,
      trigger: options.trigger,
      reason: options.reason,
      plan,
      createdBy: options.createdBy,
      firstStep: FIRST_STEP.evacuating,
    });
    this.onChange();
    return ev;
  }

  /** A page of evacuations, newest first (platform admins; 404 for everyone else). */
  async list(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    request: PageRequest = { limit: DEFAULT_PAGE_LIMITS.defaultLimit },
  ): Promise<Page<Evacuation>> {
    await this.requireAdmin(credentials);
    return this.deps.store.listPage(request);
  }

  async get(credentials: BackstageCredentials<BackstageUserPrincipal>, id: string): Promise<Evacuation> {
    await this.requireAdmin(credentials);
    const { step: _s, stepData: _d, ...ev } = await this.deps.store.require(id);
    return ev;
  }

  /** Un-evacuates: only an evacuated (or failed) evacuation of a cell that answers again. */
  async restore(credentials: BackstageCredentials<BackstageUserPrincipal>, id: string): Promise<Evacuation> {
    await this.requireAdmin(credentials);
    const ev = await this.deps.store.require(id);
    if (ev.state !== 'evacuated' && ev.state !== 'failed') {
      throw new ConflictError(`evacuation ${id} of cell '${ev.cell}' is ${ev.state}; only an evacuated or failed evacuation can be restored`);
    }
    const cell = (await this.deps.scaling.checkCells(ev.region)).find(c => c.cell === ev.cell);
    if (!cell?.reachable) {
      throw new ConflictError(`cell '${ev.cell}' is unreachable; un-evacuate it once it answers again`);
    }
    const by = credentials.principal.userEntityRef;
    await this.deps.store.requestRestore(id, by, FIRST_STEP.restoring);
    this.onChange();
    return this.get(credentials, id);
  }
}

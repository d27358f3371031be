import { ConflictError } from '@backstage/errors';
import { App, ReleasePlan, VersionSpec } from '@cellport/plugin-cells-common';
import { randomUUID } from 'node:crypto';
import {
  ReleaseEventInput,
  ReleaseRecord,
  StepRecord,
} from '../../database/ReleaseRecords';
import { AppStore } from '../../database/types';
import { initialGates, planCells } from './planning';

/**
 * A new running release of `plan` (every step pending, the cells' stable versions and their specs
 * kept to roll back to) and the timeline event that starts it.
 */
export async function newRelease(options: {
  app: App;
  plan: ReleasePlan;
  versionSpec: VersionSpec;
  appStore: AppStore;
  actor: string;
  now: number;
}): Promise<{ record: ReleaseRecord; started: ReleaseEventInput }> {
  const { app, plan, actor, now } = options;
  const fromVersions: Record<string, string | null> = Object.fromEntries(
    app.cells.map(c => [c.cell, c.stableVersion ?? null]),
  );
  const stableSpecs: Record<string, VersionSpec> = {};
  for (const name of new Set(Object.values(fromVersions))) {
    if (name) {
      const stable = await options.appStore.getVersion(app.name, name);
      if (stable) {
        stableSpecs[name] = stable.spec;
      }
    }
  }
  const record: ReleaseRecord = {
    id: randomUUID(),
    app: app.name,
    version: plan.version,
    state: 'running',
    onFailure: plan.onFailure,
    currentStep: 0,
    fromVersions,
    skippedCells: [],
    doneCells: [],
    versionSpec: options.versionSpec,
    stableSpecs,
    createdBy: actor,
    createdAt: now,
    updatedAt: now,
    steps: plan.steps.map(
      (step, index): StepRecord => ({
        index,
        plan: step,
        state: 'pending',
        attempt: 0,
        applied: [],
        baseline: {},
        gates: initialGates(step),
        promoted: false,
      }),
    ),
  };
  const from = [...new Set(planCells(plan).map(c => fromVersions[c]))]
    .map(v => v ?? 'nothing')
    .join(', ');
  const started: ReleaseEventInput = {
    type: 'started',
    actor,
    message: `${actor} started the release of ${
      plan.version
    } (from ${from}) in ${plan.steps.length} step(s) over ${planCells(
      plan,
    ).join(', ')}`,
  };
  return { record, started };
}

/**
 * A release moves cells to a version they do not serve yet: a cell that already serves it as its
 * stable version would only lose pods to a canary of itself. ConflictError naming those cells.
 */
export function refuseServingCells(plan: ReleasePlan, app: App): void {
  const serving = planCells(plan).filter(
    cell =>
      app.cells.find(c => c.cell === cell)?.stableVersion === plan.version,
  );
  if (serving.length === 0) {
    return;
  }
  const all = serving.length === planCells(plan).length;
  throw new ConflictError(
    all
      ? `${plan.version} is already the version ${
          serving.length > 1
            ? `cells ${serving.join(', ')} serve`
            : `cell ${serving[0]} serves`
        }: there is nothing to release; create a new version, or release another one`
      : `cell${serving.length > 1 ? 's' : ''} ${serving.join(
          ', ',
        )} already serve${serving.length > 1 ? '' : 's'} ${
          plan.version
        }: leave ${serving.length > 1 ? 'them' : 'it'} out of the plan`,
  );
}

import { InputError } from '@backstage/errors';
import { App, parseQuantity, VersionSpec } from '@cellport/plugin-cells-common';
import { CellConfig } from '@cellport/plugin-cells-node';

/** The longest Deployment name Cellport makes: pods add a 10-character hash and a 5-character suffix. */
export const MAX_WORKLOAD_NAME_LENGTH = 52;

/**
 * Namespaces Kubernetes owns (besides `kube-*`): an app may not be named after them, since the
 * app's namespace would be theirs.
 */
const RESERVED_APP_NAMES = new Set(['default']);

/**
 * Checks an app name beyond its DNS-1123 form: names of system namespaces (`default`, `kube-*`,
 * ...) are refused.
 */
export function validateAppName(name: string): void {
  if (RESERVED_APP_NAMES.has(name) || name.startsWith('kube-')) {
    throw new InputError(
      `app name '${name}' is reserved: it is the name of a system namespace`,
    );
  }
}

/**
 * Checks the cells chosen for a new app: each exists, no duplicates, all in one region, and at
 * least two for a production app. Returns the region.
 */
export function validateAppCells(options: {
  chosen: string[];
  known: CellConfig[];
  production: boolean;
}): string {
  const { chosen, known, production } = options;
  const seen = new Set<string>();
  for (const name of chosen) {
    if (seen.has(name)) {
      throw new InputError(`cell '${name}' is chosen twice`);
    }
    seen.add(name);
  }
  const byName = new Map(known.map(c => [c.name, c]));
  const unknown = chosen.filter(c => !byName.has(c));
  if (unknown.length > 0) {
    throw new InputError(
      `unknown cell${unknown.length > 1 ? 's' : ''} ${unknown
        .map(c => `'${c}'`)
        .join(', ')}: choose cells the portal knows (GET /regions)`,
    );
  }
  const regions = [...new Set(chosen.map(c => byName.get(c)!.region))];
  if (regions.length > 1) {
    throw new InputError(
      `an app's cells must all be in one region; these are in ${regions
        .map(r => `'${r}'`)
        .join(' and ')}`,
    );
  }
  if (production && chosen.length < 2) {
    throw new InputError(
      'a production app runs in at least two cells of its region; choose another cell',
    );
  }
  return regions[0];
}

/**
 * Checks a version against its app: the Deployment name fits, replicas only for the app's
 * cells, requests not above limits.
 */
export function validateVersion(
  app: App,
  version: { name: string; spec: VersionSpec },
): void {
  const workload = `${app.name}-${version.name}`;
  if (workload.length > MAX_WORKLOAD_NAME_LENGTH) {
    throw new InputError(
      `'${workload}' is too long for a Deployment name (at most ${MAX_WORKLOAD_NAME_LENGTH} characters): choose a shorter version name`,
    );
  }
  const cells = new Set(app.cells.map(c => c.cell));
  const strangers = Object.keys(version.spec.replicas).filter(
    c => !cells.has(c),
  );
  if (strangers.length > 0) {
    throw new InputError(
      `replicas name ${strangers
        .map(c => `'${c}'`)
        .join(', ')}, not a cell of app '${app.name}' (its cells: ${[
        ...cells,
      ].join(', ')})`,
    );
  }
  for (const [cell, replicas] of Object.entries(version.spec.replicas)) {
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw new InputError(
        `replicas of cell '${cell}' must be a whole number, 0 or more`,
      );
    }
  }
  const { requests, limits } = version.spec.resources;
  for (const resource of ['cpu', 'memory'] as const) {
    if (parseQuantity(requests[resource]) > parseQuantity(limits[resource])) {
      throw new InputError(
        `the ${resource} request (${requests[resource]}) must not exceed its limit (${limits[resource]})`,
      );
    }
  }
}

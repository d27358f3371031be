import type { App, AppVersion, Release } from '@cellport/plugin-cells-common';

/** Why a new release cannot start now (a live release holds the app), or undefined. */
export function startBlockedReason(
  live: Release | undefined,
): string | undefined {
  if (!live) {
    return undefined;
  }
  const what = `The release of ${live.version} is ${live.state}`;
  switch (live.state) {
    case 'paused':
      return `${what}: resume or abort it before starting another.`;
    case 'waiting-approval':
      return `${what}: promote or abort it before starting another.`;
    case 'rolling-back':
      return `${what}: wait until it has rolled back.`;
    default:
      return `${what}: wait until it ends, or abort it.`;
  }
}

/** Versions every cell of the app serves already: releasing them would change nothing. */
export function servedEverywhere(app: App, version: string): boolean {
  return (
    app.cells.length > 0 && app.cells.every(c => c.stableVersion === version)
  );
}

/**
 * The version a release dialog preselects: the one asked for, else the newest version that is
 * not what every cell serves already; '' when there is none.
 */
export function defaultReleaseVersion(
  app: App,
  versions: AppVersion[],
  asked?: string,
): string {
  if (asked && !servedEverywhere(app, asked)) {
    return asked;
  }
  return versions.find(v => !servedEverywhere(app, v.name))?.name ?? '';
}

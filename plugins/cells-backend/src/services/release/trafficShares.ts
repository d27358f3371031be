/**
 * The traffic share a live release gives its new version, for load balancers (read through
 * `cellsTrafficSharesServiceRef` of the cells-node package).
 */
import { FINAL_RELEASE_STATES } from '@cellport/plugin-cells-common';
import { TrafficShare } from '@cellport/plugin-cells-node';
import { ReleaseRecord } from '../../database/ReleaseRecords';

/**
 * The share of a release: the current step's `trafficPercent` while the release runs, is paused
 * or waits for approval; 0 while it rolls back (the traffic goes back to the old version); none
 * once the last step passed (the new version takes over by replicas) or the release ended, nor
 * while the current step sets no share.
 *
 * @public
 */
export function trafficShareOf(release: ReleaseRecord): TrafficShare | undefined {
  if (FINAL_RELEASE_STATES.includes(release.state)) {
    return undefined;
  }
  const base = { app: release.app, releaseId: release.id, version: release.version };
  if (release.state === 'rolling-back') {
    return { ...base, percent: 0 };
  }
  const percent = release.steps[release.currentStep]?.plan.trafficPercent;
  return percent === undefined ? undefined : { ...base, percent };
}

/**
 * The shares of the given live releases (those that set one).
 *
 * @public
 */
export function trafficSharesOf(releases: ReleaseRecord[]): TrafficShare[] {
  return releases.flatMap(r => {
    const share = trafficShareOf(r);
    return share ? [share] : [];
  });
}

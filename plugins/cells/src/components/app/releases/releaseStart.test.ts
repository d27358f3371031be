import {
  paymentsApp,
  paymentsVersions,
  release,
} from '../../../__testUtils__/fixtures';
import {
  defaultReleaseVersion,
  servedEverywhere,
  startBlockedReason,
} from './releaseStart';

const everywhereV2 = {
  ...paymentsApp,
  cells: paymentsApp.cells.map(c => ({ ...c, stableVersion: 'v2' })),
};

describe('starting a release', () => {
  it('never preselects the version every cell serves', () => {
    expect(servedEverywhere(everywhereV2, 'v2')).toBe(true);
    expect(servedEverywhere(paymentsApp, 'v2')).toBe(false); // dev-2 is on v1
    expect(defaultReleaseVersion(everywhereV2, paymentsVersions)).toBe('v1');
    expect(defaultReleaseVersion(everywhereV2, paymentsVersions, 'v2')).toBe(
      'v1',
    );
    expect(defaultReleaseVersion(paymentsApp, paymentsVersions)).toBe('v2');
    expect(
      defaultReleaseVersion(everywhereV2, paymentsVersions.slice(0, 1)),
    ).toBe('');
  });

  it('says why no release can start while one is live', () => {
    expect(startBlockedReason(undefined)).toBeUndefined();
    expect(startBlockedReason(release({ state: 'paused' }))).toBe(
      'The release of v3 is paused: resume or abort it before starting another.',
    );
    expect(startBlockedReason(release({ state: 'running' }))).toBe(
      'The release of v3 is running: wait until it ends, or abort it.',
    );
  });
});

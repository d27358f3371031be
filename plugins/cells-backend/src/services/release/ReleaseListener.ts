import { Release } from '@cellport/plugin-cells-common';

/**
 * Told about a release once it ended (succeeded or rolled back). Called exactly once per release,
 * by the replica whose guarded transition ended it; a listener that throws is logged and never
 * affects the release.
 *
 * @public
 */
export interface ReleaseListener {
  releaseFinished(release: Release): Promise<void>;
}

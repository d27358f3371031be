import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { Release } from '@cellport/plugin-cells-common';
import { ReleaseListener } from './ReleaseListener';

/**
 * Sends a Backstage notification to whoever started a release when it ends: a normal one when it
 * succeeded, a high-severity one naming the reason when it was rolled back. Linked to the app's
 * releases page, under the topic `cells-release`.
 *
 * @public
 */
export class NotifyingReleaseListener implements ReleaseListener {
  constructor(
    private readonly notifications: NotificationService,
    private readonly logger: LoggerService,
  ) {}

  async releaseFinished(release: Release): Promise<void> {
    const succeeded = release.state === 'succeeded';
    const skipped = release.skippedCells.length
      ? ` Skipped (drifted): ${release.skippedCells.join(', ')}.`
      : '';
    await this.notifications.send({
      recipients: { type: 'entity', entityRef: release.createdBy },
      payload: {
        title: succeeded
          ? `${release.app}: release of ${release.version} succeeded`
          : `${release.app}: release of ${release.version} was rolled back`,
        description: succeeded
          ? `Every cell of the plan serves ${release.version}.${skipped}`
          : release.reason ?? 'The release failed.',
        link: `/cells/${encodeURIComponent(release.app)}/releases`,
        severity: succeeded ? 'normal' : 'high',
        topic: 'cells-release',
        scope: `cells-release:${release.id}`,
      },
    });
    this.logger.info('Release notification sent', {
      release: release.id,
      recipient: release.createdBy,
    });
  }
}

import { mockServices } from '@backstage/backend-test-utils';
import { Release } from '@cellport/plugin-cells-common';
import { NotifyingReleaseListener } from './NotifyingReleaseListener';

const base: Release = {
  id: 'r-1',
  app: 'shop',
  version: 'v2',
  fromVersions: { a: 'v1', b: 'v1' },
  state: 'succeeded',
  onFailure: 'rollback',
  currentStep: 2,
  steps: [],
  skippedCells: [],
  createdBy: 'user:default/alice',
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:05:00.000Z',
};

describe('NotifyingReleaseListener', () => {
  it('tells whoever started a release how it ended, linked to the releases page', async () => {
    const send = jest.fn(async () => {});
    const listener = new NotifyingReleaseListener(
      { send },
      mockServices.logger.mock(),
    );
    await listener.releaseFinished({ ...base, skippedCells: ['b'] });
    await listener.releaseFinished({
      ...base,
      id: 'r-2',
      state: 'rolled-back',
      reason: 'gate error-ratio failed in cell a: 2 of 2 measurements failed',
    });
    expect(send).toHaveBeenNthCalledWith(1, {
      recipients: { type: 'entity', entityRef: 'user:default/alice' },
      payload: {
        title: 'shop: release of v2 succeeded',
        description: 'Every cell of the plan serves v2. Skipped (drifted): b.',
        link: '/cells/shop/releases',
        severity: 'normal',
        topic: 'cells-release',
        scope: 'cells-release:r-1',
      },
    });
    expect(send).toHaveBeenNthCalledWith(2, {
      recipients: { type: 'entity', entityRef: 'user:default/alice' },
      payload: expect.objectContaining({
        title: 'shop: release of v2 was rolled back',
        description:
          'gate error-ratio failed in cell a: 2 of 2 measurements failed',
        severity: 'high',
        scope: 'cells-release:r-2',
      }),
    });
  });
});

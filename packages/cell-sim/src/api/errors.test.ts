import { applyConflict } from './errors';

describe('server-side apply conflicts', () => {
  it('names Update managers with their apiVersion and Apply managers without, grouped and sorted', () => {
    const err = applyConflict([
      { manager: 'someone-else-apply', operation: 'Apply', apiVersion: 'apps/v1', field: '.spec.paused' },
      { manager: 'someone-else', operation: 'Update', apiVersion: 'apps/v1', field: '.spec.paused' },
    ]);
    expect(err.message).toBe('Apply failed with 2 conflicts: conflicts with "someone-else" using apps/v1:\n- .spec.paused\nconflicts with "someone-else-apply":\n- .spec.paused');
    expect(err.toStatus()).toMatchObject({
      code: 409, reason: 'Conflict',
      details: { causes: [
        { reason: 'FieldManagerConflict', message: 'conflict with "someone-else-apply"', field: '.spec.paused' },
        { reason: 'FieldManagerConflict', message: 'conflict with "someone-else" using apps/v1', field: '.spec.paused' },
      ] },
    });
  });

  it('words a single conflict on one line', () => {
    const err = applyConflict([{ manager: 'x-apply', operation: 'Apply', apiVersion: 'apps/v1', field: '.spec.minReadySeconds' }]);
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "x-apply": .spec.minReadySeconds');
    const status = applyConflict([{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', subresource: 'status', field: '.status.phase' }]);
    expect(status.message).toBe('Apply failed with 1 conflict: conflict with "kubectl" with subresource "status" using v1: .status.phase');
  });
});

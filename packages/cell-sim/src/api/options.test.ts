import { ApiError } from './errors';
import { validateListOptions, validatePatchOptions } from './options';
import { parseKubeVersion } from './version';

const v126 = parseKubeVersion('v1.26.15');
const v127 = parseKubeVersion('v1.27.0');

function statusOf(fn: () => void): any {
  try {
    fn();
  } catch (e) {
    return (e as ApiError).toStatus();
  }
  return undefined;
}

describe('list and watch options', () => {
  it('v1.26 forbids resourceVersionMatch on a watch and ignores sendInitialEvents', () => {
    const q = new URLSearchParams({ resourceVersion: '10', resourceVersionMatch: 'NotOlderThan', sendInitialEvents: 'true' });
    expect(statusOf(() => validateListOptions(q, true, v126))).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Invalid', code: 422,
      message: 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch',
      details: { group: 'meta.k8s.io', kind: 'ListOptions', causes: [{ reason: 'FieldValueForbidden', message: 'Forbidden: resourceVersionMatch is forbidden for watch', field: 'resourceVersionMatch' }] },
    });
    expect(statusOf(() => validateListOptions(new URLSearchParams({ sendInitialEvents: 'true' }), true, v126))).toBeUndefined();
  });

  it('v1.27 accepts a watch list and applies its rules', () => {
    const ok = new URLSearchParams({ sendInitialEvents: 'true', resourceVersionMatch: 'NotOlderThan' });
    expect(statusOf(() => validateListOptions(ok, true, v127))).toBeUndefined();
    const bad = new URLSearchParams({ sendInitialEvents: 'true' });
    expect(statusOf(() => validateListOptions(bad, true, v127)).message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
    );
  });

  it('joins several errors in brackets', () => {
    const q = new URLSearchParams({ resourceVersionMatch: 'Sometimes' });
    expect(statusOf(() => validateListOptions(q, false, v126)).message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: [resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided, resourceVersionMatch: Unsupported value: "Sometimes": supported values: "Exact", "NotOlderThan", ""]',
    );
  });
});

describe('patch options', () => {
  it('apply without fieldManager is 422 on PatchOptions', () => {
    const status = statusOf(() => validatePatchOptions(new URLSearchParams(), 'application/apply-patch+yaml'));
    expect(status).toMatchObject({
      code: 422, reason: 'Invalid',
      message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      details: { group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueRequired', field: 'fieldManager' }] },
    });
  });

  it('force only goes with apply', () => {
    expect(statusOf(() => validatePatchOptions(new URLSearchParams({ force: 'true' }), 'application/merge-patch+json')).message)
      .toBe('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
    expect(statusOf(() => validatePatchOptions(new URLSearchParams({ fieldManager: 'me', force: 'true' }), 'application/apply-patch+yaml'))).toBeUndefined();
  });
});

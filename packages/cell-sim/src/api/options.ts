/**
 * Validation of request options (ListOptions, PatchOptions) the way the apiserver's
 * apimachinery does it, per Kubernetes version: the errors are 422 Invalid on the options kind
 * (`ListOptions.meta.k8s.io "" is invalid: ...`), checked before the object is looked at.
 */
import { ApiError, StatusCause, causes as cause } from './errors';
import { KubeVersion, supportsWatchList } from './version';

function invalidOptions(kind: 'ListOptions' | 'PatchOptions', errs: StatusCause[]): ApiError {
  const parts = errs.map(c => `${c.field}: ${c.message}`);
  const joined = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return new ApiError(422, 'Invalid', `${kind}.meta.k8s.io "" is invalid: ${joined}`, {
    group: 'meta.k8s.io',
    kind,
    causes: errs,
  });
}

/**
 * Checks list and watch options. v1.26 (`ValidateListOptions`) forbids `resourceVersionMatch` on
 * watches and does not know `sendInitialEvents` (the parameter is ignored, like any unknown
 * one); from v1.27 the watch-list rules apply.
 */
export function validateListOptions(q: URLSearchParams, watch: boolean, version: KubeVersion) {
  const match = q.get('resourceVersionMatch') ?? '';
  const rv = q.get('resourceVersion') ?? '';
  const cont = q.get('continue') ?? '';
  const errs: StatusCause[] = [];
  const field = 'resourceVersionMatch';
  if (watch && supportsWatchList(version)) {
    const sendInitial = q.get('sendInitialEvents');
    if (sendInitial !== null && match !== 'NotOlderThan') {
      errs.push(cause.forbidden(field, 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'));
    }
    if (match) {
      if (sendInitial === null) errs.push(cause.forbidden(field, 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
      if (match !== 'NotOlderThan') errs.push(cause.notSupported(field, match, ['NotOlderThan']));
      if (cont) errs.push(cause.forbidden(field, 'resourceVersionMatch is forbidden when continue is provided'));
    }
  } else if (match) {
    if (watch) errs.push(cause.forbidden(field, 'resourceVersionMatch is forbidden for watch'));
    if (!rv) errs.push(cause.forbidden(field, 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    if (cont) errs.push(cause.forbidden(field, 'resourceVersionMatch is forbidden when continue is provided'));
    if (match !== 'Exact' && match !== 'NotOlderThan') errs.push(cause.notSupported(field, match, ['Exact', 'NotOlderThan', '']));
    if (match === 'Exact' && rv === '0') errs.push(cause.forbidden(field, 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  }
  if (!watch && !supportsWatchList(version)) {
    // v1.26 has no sendInitialEvents: ignored.
  } else if (!watch && q.get('sendInitialEvents') !== null) {
    errs.push(cause.forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  }
  if (errs.length) throw invalidOptions('ListOptions', errs);
}

/**
 * Checks patch options (`ValidatePatchOptions`): apply needs a `fieldManager`, `force` only goes
 * with apply, a field manager is at most 128 bytes.
 */
export function validatePatchOptions(q: URLSearchParams, contentType: string) {
  const type = contentType.split(';')[0].trim();
  const isApply = type === 'application/apply-patch+yaml' || type === 'application/apply-patch+json';
  const manager = q.get('fieldManager') ?? '';
  const errs: StatusCause[] = [];
  if (!isApply) {
    if (q.get('force') !== null) errs.push(cause.forbidden('force', 'may not be specified for non-apply patch'));
  } else if (!manager) {
    errs.push(cause.required('fieldManager', 'is required for apply patch'));
  }
  if (manager.length > 128) errs.push({ reason: 'FieldValueTooLong', message: 'Too long: must have at most 128 bytes', field: 'fieldManager' });
  if (errs.length) throw invalidOptions('PatchOptions', errs);
}

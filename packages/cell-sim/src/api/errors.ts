import { ResourceType, qualifiedKind } from './resources';

/** A cause inside Status details. */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

/** An error answered to the client as a metav1.Status object. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[]; retryAfterSeconds?: number },
  ) {
    super(message);
  }

  /** The Status body the real apiserver sends. */
  toStatus(): object {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

function groupOf(rt: ResourceType) {
  return rt.group ? { group: rt.group } : {};
}

/** 404 NotFound for an object. */
export function notFound(rt: ResourceType, name: string): ApiError {
  const res = rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
  return new ApiError(404, 'NotFound', `${res} "${name}" not found`, {
    name,
    ...groupOf(rt),
    kind: rt.plural,
  });
}

/** 404 for an unknown path (no Status details, like the real server). */
export function notFoundPath(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}

/** 409 AlreadyExists. */
export function alreadyExists(rt: ResourceType, name: string): ApiError {
  const res = rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
  return new ApiError(409, 'AlreadyExists', `${res} "${name}" already exists`, {
    name,
    ...groupOf(rt),
    kind: rt.plural,
  });
}

/** 409 Conflict for a stale resourceVersion. */
export function conflict(rt: ResourceType, name: string): ApiError {
  const res = rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${res} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, ...groupOf(rt), kind: rt.plural },
  );
}

/** A conflict of server-side apply, as {@link applyConflict} needs it. */
export interface ApplyConflictCause {
  manager: string;
  field: string;
  apiVersion: string;
  operation: 'Apply' | 'Update';
  subresource?: string;
}

/**
 * How the apiserver names a conflicting manager (`printManager`): `"name"`, plus
 * ` with subresource "status"`, plus ` using apps/v1` for Update managers only (an Apply
 * manager's identity carries no apiVersion).
 */
function printManager(c: ApplyConflictCause): string {
  let s = JSON.stringify(c.manager);
  if (c.subresource) s += ` with subresource ${JSON.stringify(c.subresource)}`;
  if (c.operation === 'Update') s += ` using ${c.apiVersion}`;
  return s;
}

/**
 * 409 Conflict for server-side apply field conflicts, worded like the apiserver: one conflict
 * `Apply failed with 1 conflict: conflict with "m": .spec.x`; several are grouped by manager
 * (sorted) as `conflicts with "m":\n- .spec.x`.
 */
export function applyConflict(conflicts: ApplyConflictCause[]): ApiError {
  const causes = conflicts.map(c => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c)}`,
    field: c.field,
  }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0])}: ${conflicts[0].field}`;
  } else {
    // Grouped by the manager identifier (the JSON of its managedFields entry), sorted bytewise.
    const byManager = new Map<string, ApplyConflictCause[]>();
    for (const c of conflicts) {
      const key = JSON.stringify({
        manager: c.manager,
        operation: c.operation,
        ...(c.operation === 'Update' ? { apiVersion: c.apiVersion } : {}),
        ...(c.subresource ? { subresource: c.subresource } : {}),
      });
      byManager.set(key, [...(byManager.get(key) ?? []), c]);
    }
    const lines: string[] = [];
    for (const key of [...byManager.keys()].sort()) {
      const group = byManager.get(key)!;
      lines.push(`conflicts with ${printManager(group[0])}:`);
      for (const c of group) lines.push(`- ${c.field}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError(409, 'Conflict', message, { causes });
}

/** 422 Invalid with field causes, in the apiserver's message format. */
export function invalid(rt: ResourceType, name: string, causes: StatusCause[]): ApiError {
  const parts = causes.map(c => (c.field ? `${c.field}: ${c.message}` : c.message));
  const joined = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return new ApiError(422, 'Invalid', `${qualifiedKind(rt)} "${name}" is invalid: ${joined}`, {
    name,
    ...groupOf(rt),
    kind: rt.kind,
    causes,
  });
}

/** 400 BadRequest. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

/** 405 MethodNotAllowed. */
export function methodNotAllowed(): ApiError {
  return new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

/** 410 Gone / Expired. */
export function expired(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

/** 403 Forbidden. */
export function forbidden(message: string, details?: ApiError['details']): ApiError {
  return new ApiError(403, 'Forbidden', message, details);
}

/** 401 Unauthorized. */
export function unauthorized(): ApiError {
  return new ApiError(401, 'Unauthorized', 'Unauthorized');
}

/** 415 UnsupportedMediaType. */
export function unsupportedMediaType(contentType: string): ApiError {
  return new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${contentType})`);
}

/** Cause helpers for validation. */
export const causes = {
  invalid(field: string, value: unknown, detail: string): StatusCause {
    return {
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${formatValue(value)}: ${detail}`,
      field,
    };
  },
  required(field: string, detail = ''): StatusCause {
    return { reason: 'FieldValueRequired', message: detail ? `Required value: ${detail}` : 'Required value', field };
  },
  forbidden(field: string, detail: string): StatusCause {
    return { reason: 'FieldValueForbidden', message: `Forbidden: ${detail}`, field };
  },
  duplicate(field: string, value: unknown): StatusCause {
    return { reason: 'FieldValueDuplicate', message: `Duplicate value: ${formatValue(value)}`, field };
  },
  notSupported(field: string, value: unknown, supported: string[]): StatusCause {
    return {
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${formatValue(value)}: supported values: ${supported.map(s => `"${s}"`).join(', ')}`,
      field,
    };
  },
};

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

import {
  ConflictError,
  CustomErrorBase,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/**
 * A cell could not be reached (connection refused, DNS, TLS, timeout, 5xx from the API server or
 * rejected credentials). Answers 503 through the Backstage error handler; `cell` names the cell.
 *
 * @public
 */
export class CellUnreachableError extends ServiceUnavailableError {
  /** The cell that could not be reached. */
  readonly cell: string;

  constructor(cell: string, message: string, cause?: unknown) {
    super(message, cause);
    this.cell = cell;
  }
}

/** The shape of an `ApiException` from @kubernetes/client-node (without importing the ESM class). */
interface KubeApiError {
  code: number;
  body?: unknown;
  message?: string;
}

function isKubeApiError(e: unknown): e is KubeApiError {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'number' && code >= 100 && code <= 599;
}

/** The HTTP status of a Kubernetes API error, undefined for network errors. */
export function kubeStatusCode(e: unknown): number | undefined {
  return isKubeApiError(e) ? e.code : undefined;
}

/** The `message` of the Kubernetes Status body of an API error, when there is one. */
function kubeStatusMessage(e: KubeApiError): string | undefined {
  let body = e.body;
  if (typeof body === 'string') {
    const text = body.trim();
    try {
      body = JSON.parse(text);
    } catch {
      return text ? text.slice(0, 300) : undefined;
    }
  }
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

/** What went wrong below a network error (`ECONNREFUSED`, a timeout), in a few words. */
function networkReason(e: unknown): string {
  const err = e as {
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string; name?: string };
  };
  if (err?.name === 'TimeoutError' || err?.cause?.name === 'TimeoutError') {
    return 'no answer in time';
  }
  if (err?.cause?.code) {
    return `${err.cause.code}${
      err.cause.message ? ` (${err.cause.message})` : ''
    }`;
  }
  return err?.cause?.message ?? err?.message ?? String(e);
}

/**
 * Turns an error of a Kubernetes call in `cell` into a Backstage error whose message names the
 * cell: network failures, timeouts, 401/403 on credentials and 5xx become
 * {@link CellUnreachableError} (503); 404 NotFoundError; 409 and a namespace being terminated
 * ConflictError; 400/422 InputError. `what` says what was being done, e.g. `apply Deployment payments-v1`.
 *
 * @public
 */
export function toCellError(cell: string, what: string, e: unknown): Error {
  if (e instanceof CellUnreachableError) {
    return e;
  }
  if (!isKubeApiError(e)) {
    if (e instanceof CustomErrorBase) {
      // already a Backstage error (e.g. NotFoundError for an unknown cell)
      return e;
    }
    return new CellUnreachableError(
      cell,
      `cell '${cell}' is unreachable: ${networkReason(
        e,
      )} (while trying to ${what})`,
    );
  }
  const detail = kubeStatusMessage(e) ?? `HTTP ${e.code}`;
  const message = `cell '${cell}': could not ${what}: ${detail}`;
  switch (e.code) {
    case 400:
    case 422:
      return new InputError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    case 403:
      if (/being terminated/i.test(detail)) {
        return new ConflictError(
          `cell '${cell}': the namespace is still being deleted; try again shortly (${detail})`,
        );
      }
      return new CellUnreachableError(
        cell,
        `cell '${cell}' refused the portal's credentials: ${detail} (while trying to ${what})`,
      );
    case 401:
      return new CellUnreachableError(
        cell,
        `cell '${cell}' refused the portal's credentials: ${detail} (while trying to ${what})`,
      );
    default:
      return new CellUnreachableError(
        cell,
        `cell '${cell}' failed: ${detail} (while trying to ${what})`,
      );
  }
}

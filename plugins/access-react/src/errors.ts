import { isError, ResponseError } from '@backstage/errors';

/**
 * What to show a user for a failed call: the server's own message for a Backstage
 * `ResponseError` ("image group name 'Walk' is invalid: use lowercase…"), not its generic
 * "Request failed with 400 Bad Request"; the error's message otherwise.
 *
 * @public
 */
export function errorMessage(error: unknown): string {
  if (isResponseError(error)) {
    const message = error.cause?.message;
    if (message && !message.startsWith('Request failed with status')) {
      return message;
    }
    return error.message;
  }
  return isError(error) ? error.message : String(error);
}

/**
 * The HTTP status of a failed call, when it was a Backstage `ResponseError`.
 *
 * @public
 */
export function errorStatus(error: unknown): number | undefined {
  return isResponseError(error) ? error.statusCode : undefined;
}

function isResponseError(error: unknown): error is ResponseError {
  return (
    isError(error) &&
    error.name === 'ResponseError' &&
    typeof (error as Partial<ResponseError>).statusCode === 'number'
  );
}

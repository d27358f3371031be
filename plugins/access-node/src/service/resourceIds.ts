import { InputError } from '@backstage/errors';
import {
  isResourceKind,
  parseResourceRef,
  ResourceId,
} from '@cellport/plugin-access-common';

/**
 * A resource, by reference (`app:payments-api`) or by kind and name.
 *
 * @public
 */
export type ResourceInput = string | ResourceId;

/** Normalizes a resource input to kind and name; InputError when it is malformed. */
export function toResourceId(input: ResourceInput): ResourceId {
  if (typeof input === 'string') {
    try {
      return parseResourceRef(input);
    } catch (error) {
      throw new InputError((error as Error).message);
    }
  }
  if (!isResourceKind(input.kind) || !input.name) {
    throw new InputError(
      `Invalid resource ${JSON.stringify(input)}: expected a kind and a name`,
    );
  }
  return input;
}

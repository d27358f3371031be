import { InputError } from '@backstage/errors';
import { z } from 'zod';

/** Parses a request part with a zod schema; an InputError naming every problem otherwise. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .map(i => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
        .join('; '),
    );
  }
  return result.data;
}

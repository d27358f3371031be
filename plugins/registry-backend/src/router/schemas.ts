import { InputError } from '@backstage/errors';
import {
  parseRepositoryName,
  validatePathComponent,
} from '@cellport/plugin-registry-common';
import { z } from 'zod';

export const componentSchema = (what: string) =>
  z.string().superRefine((value, ctx) => {
    const error = validatePathComponent(value, what);
    if (error) ctx.addIssue({ code: z.ZodIssueCode.custom, message: error });
  });
const visibilitySchema = z.enum(['private', 'public']);
const actionSchema = z.enum(['pull', 'push', 'delete']);

/** Request schemas of the registry routes. */
export const schemas = {
  createGroup: z
    .object({
      name: componentSchema('image group name'),
      visibility: visibilitySchema.default('private'),
      description: z.string().max(1000).default(''),
    })
    .strict(),
  createRepository: z
    .object({
      name: componentSchema('repository name'),
      visibility: visibilitySchema.nullable().default(null),
      description: z.string().max(1000).default(''),
    })
    .strict(),
  createRobot: z
    .object({
      name: componentSchema('robot name'),
      scopes: z
        .array(
          z
            .object({
              repository: z.union([
                z.literal('*'),
                componentSchema('repository name'),
              ]),
              actions: z.array(actionSchema).min(1),
            })
            .strict(),
        )
        .min(1)
        .max(50),
      /** Days until the robot stops working; it never expires without. */
      expiresInDays: z.number().int().min(1).optional(),
      /** Service callers only: the user the robot is for, who must be allowed to pull. */
      onBehalfOf: z
        .string()
        .max(255)
        .regex(/^user:/, 'onBehalfOf must be a user entity ref')
        .optional(),
    })
    .strict(),
  tags: z.object({
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    last: z.string().max(128).optional(),
    cursor: z.string().max(2048).optional(),
  }),
  activity: z.object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    before: z.coerce.number().int().min(1).optional(),
  }),
  token: z.object({
    service: z.string().max(255).optional(),
    account: z.string().max(255).optional(),
    client_id: z.string().max(255).optional(),
    offline_token: z.string().max(10).optional(),
    scope: z.union([z.string(), z.array(z.string())]).optional(),
  }),
};

/** Parses `value` with `schema`; InputError naming the first problem. */
export function parse<T extends z.ZodTypeAny>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new InputError(`${where}${issue.message}`);
  }
  return result.data;
}

/** An image group name from a path parameter; InputError when it is not one. */
export function checkGroupParam(group: string) {
  const error = validatePathComponent(group, 'image group name');
  if (error) throw new InputError(error);
  return group;
}

/** A repository name `group/name` from path parameters; InputError when it is not one. */
export function checkRepositoryParams(group: string, name: string) {
  const parsed = parseRepositoryName(`${group}/${name}`);
  if ('error' in parsed) throw new InputError(parsed.error);
  return `${group}/${name}`;
}

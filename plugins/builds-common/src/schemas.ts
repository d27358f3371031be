import { z } from 'zod';
import { parseRepositoryName } from '@cellport/plugin-registry-common';
import {
  BUILD_CONFIG_NAME_PATTERN,
  normalizeInnerPath,
  SECRET_LOOKING_ARG,
  validateBranch,
  validateGitUrl,
} from './validation';
import { validateTag, validateTagRule } from './tags';

const custom =
  <T>(check: (value: T) => string | undefined) =>
  (value: T, ctx: z.RefinementCtx) => {
    const problem = check(value);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
    }
  };

/**
 * Zod schema of a tag rule.
 *
 * @public
 */
export const tagRuleSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('commit') }),
    z.strictObject({ type: z.literal('branch-counter') }),
    z.strictObject({
      type: z.literal('fixed'),
      tag: z.string().superRefine(custom(validateTag)),
    }),
  ],
  { error: () => 'tagRule.type must be commit, branch-counter or fixed' },
);

const argNameSchema = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
    'build arg names are letters, digits and _, not starting with a digit',
  );

/**
 * Zod schema of one build argument in a request. A secret argument without a value keeps the
 * stored one (on update).
 *
 * @public
 */
export const buildArgInputSchema = z
  .strictObject({
    name: argNameSchema,
    value: z.string().max(4096).optional(),
    secret: z.boolean().default(false),
  })
  .superRefine((arg, ctx) => {
    if (!arg.secret && arg.value === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `build arg ${arg.name} needs a value`,
      });
    }
    if (!arg.secret && SECRET_LOOKING_ARG.test(arg.name)) {
      ctx.addIssue({
        code: 'custom',
        message: `build arg ${arg.name} looks like a credential: mark it secret so it is stored encrypted and masked in logs`,
      });
    }
  });

/**
 * A build argument in a request.
 *
 * @public
 */
export type BuildArgInput = z.input<typeof buildArgInputSchema>;

const buildArgsSchema = z
  .array(buildArgInputSchema)
  .max(50, 'at most 50 build args')
  .superRefine((args, ctx) => {
    const names = args.map(a => a.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) {
      ctx.addIssue({ code: 'custom', message: `build arg ${dup} is repeated` });
    }
  });

const innerPath = (what: string) =>
  z
    .string()
    .max(512)
    .transform((value, ctx) => {
      const normalized = normalizeInnerPath(value);
      if (!normalized) {
        ctx.addIssue({
          code: 'custom',
          message: `${what} '${value}' must be a relative path inside the repository`,
        });
        return z.NEVER;
      }
      return normalized;
    });

const fields = {
  repositoryUrl: z
    .string()
    .trim()
    .max(1024)
    .superRefine(custom(validateGitUrl)),
  branch: z.string().trim().superRefine(custom(validateBranch)),
  context: innerPath('context'),
  dockerfile: z.string().max(512),
  buildArgs: buildArgsSchema,
  imageRepository: z
    .string()
    .trim()
    .superRefine(
      custom((value: string) => {
        const parsed = parseRepositoryName(value);
        return 'error' in parsed ? parsed.error : undefined;
      }),
    ),
  tagRule: tagRuleSchema,
  cacheMountPath: z
    .string()
    .regex(
      /^\/[A-Za-z0-9._/-]*$/,
      'cacheMountPath must be an absolute container path',
    )
    .refine(
      v => v !== '/' && !v.split('/').includes('..'),
      'cacheMountPath must be a folder below / without ..',
    ),
};

/** Checks what spans fields: the Dockerfile inside the context, the tag rule for the branch. */
function checkConfig(
  config: {
    context?: string;
    dockerfile?: string;
    branch?: string;
    tagRule?: z.infer<typeof tagRuleSchema>;
  },
  ctx: z.RefinementCtx,
) {
  if (config.dockerfile !== undefined) {
    const inside = normalizeInnerPath(config.dockerfile);
    if (!inside || inside === '.') {
      ctx.addIssue({
        code: 'custom',
        path: ['dockerfile'],
        message: `dockerfile '${config.dockerfile}' must be a file path inside the build context`,
      });
    }
  }
  if (config.tagRule && config.branch) {
    const problem = validateTagRule(config.tagRule, config.branch);
    if (problem) {
      ctx.addIssue({ code: 'custom', path: ['tagRule'], message: problem });
    }
  }
}

/**
 * Zod schema of the body of `POST /configs`.
 *
 * @public
 */
export const createBuildConfigRequestSchema = z
  .strictObject({
    name: z
      .string()
      .regex(
        BUILD_CONFIG_NAME_PATTERN,
        'name must be a DNS-1123 label: lowercase letters, digits and -, at most 63 characters',
      ),
    repositoryUrl: fields.repositoryUrl,
    branch: fields.branch.default('main'),
    context: fields.context.default('.'),
    dockerfile: fields.dockerfile.default('Dockerfile'),
    buildArgs: fields.buildArgs.default([]),
    imageRepository: fields.imageRepository,
    tagRule: fields.tagRule.default({ type: 'commit' }),
    cacheMountPath: fields.cacheMountPath.default('/cache'),
  })
  .superRefine(checkConfig);

/**
 * Body of `POST /configs`.
 *
 * @public
 */
export type CreateBuildConfigRequest = z.input<
  typeof createBuildConfigRequestSchema
>;

/**
 * Zod schema of the body of `PATCH /configs/:name`: any field but the name.
 *
 * @public
 */
export const updateBuildConfigRequestSchema = z
  .strictObject({
    repositoryUrl: fields.repositoryUrl.optional(),
    branch: fields.branch.optional(),
    context: fields.context.optional(),
    dockerfile: fields.dockerfile.optional(),
    buildArgs: fields.buildArgs.optional(),
    imageRepository: fields.imageRepository.optional(),
    tagRule: fields.tagRule.optional(),
    cacheMountPath: fields.cacheMountPath.optional(),
  })
  .superRefine(checkConfig);

/**
 * Body of `PATCH /configs/:name`.
 *
 * @public
 */
export type UpdateBuildConfigRequest = z.input<
  typeof updateBuildConfigRequestSchema
>;

/**
 * Zod schema of the body of `POST /configs/:name/builds`: start a build by hand.
 *
 * @public
 */
export const startBuildRequestSchema = z.strictObject({
  branch: fields.branch.optional(),
  commit: z
    .string()
    .regex(/^[0-9a-f]{40}$/, 'commit must be a full 40-character SHA-1')
    .optional(),
  tag: z.string().superRefine(custom(validateTag)).optional(),
  noCache: z.boolean().default(false),
});

/**
 * Body of `POST /configs/:name/builds`.
 *
 * @public
 */
export type StartBuildRequest = z.input<typeof startBuildRequestSchema>;

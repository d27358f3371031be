import { z } from 'zod';
import { parseQuantity } from './quantity';

/** A DNS-1123 label: lowercase letters, digits and '-', 1 to 63 characters. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Zod schema of a DNS-1123 label (app, version and cell names).
 *
 * @public
 */
export function dnsLabelSchema(what: string, maxLength = 63) {
  return z
    .string({ error: `${what} must be a string` })
    .min(1, `${what} is required`)
    .max(maxLength, `${what} must be at most ${maxLength} characters`)
    .regex(
      DNS_LABEL,
      `${what} must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit`,
    );
}

/**
 * The longest app name: `<app>-<version>` names the Deployment and its pods get a 16-character
 * suffix, so app and version share what a DNS label leaves.
 *
 * @public
 */
export const MAX_APP_NAME_LENGTH = 30;

/**
 * The longest version name (see {@link MAX_APP_NAME_LENGTH}).
 *
 * @public
 */
export const MAX_VERSION_NAME_LENGTH = 20;

/**
 * An app: a stateless service deployed as the namespace `<app>` in each of its cells.
 *
 * @public
 */
export interface App {
  /** Globally unique DNS-1123 label; also the namespace in every cell. */
  name: string;
  description?: string;
  /** The catalog Component the app belongs to, e.g. `component:default/payments-api`. */
  componentRef?: string;
  /** Production apps run in at least two cells of one region. */
  production: boolean;
  /** The region of the app's cells. */
  region: string;
  /** The cells the app runs in, with the version each one serves. */
  cells: AppCell[];
  /** The app's image repository in the registry (`group/name`), when it has one. */
  imageRepository?: string;
  /** The version most cells serve after the last finished release, if any. */
  currentVersion?: string;
  createdBy: string;
  createdAt: string;
}

/**
 * One cell of an app.
 *
 * @public
 */
export interface AppCell {
  cell: string;
  /** The version this cell serves (the stable version), once one was deployed. */
  stableVersion?: string;
  /** True when the cell serves another version than the app's current one (e.g. it was skipped). */
  drifted: boolean;
}

/**
 * Body of `POST /apps`.
 *
 * @public
 */
export const createAppRequestSchema = z.object({
  name: dnsLabelSchema('app name', MAX_APP_NAME_LENGTH),
  description: z.string().max(500).optional(),
  componentRef: z.string().min(1).max(255).optional(),
  production: z.boolean().default(false),
  cells: z
    .array(dnsLabelSchema('cell name'), {
      error: 'cells must be a list of cell names',
    })
    .min(1, 'choose at least one cell'),
  imageRepository: z.string().min(1).max(255).optional(),
});

/**
 * Body of `POST /apps`.
 *
 * @public
 */
export type CreateAppRequest = z.input<typeof createAppRequestSchema>;

/**
 * Body of `PATCH /apps/:app` (settings).
 *
 * @public
 */
export const updateAppRequestSchema = z
  .object({
    description: z.string().max(500).optional(),
    componentRef: z.string().min(1).max(255).nullable().optional(),
    imageRepository: z.string().min(1).max(255).nullable().optional(),
  })
  .strict();

/**
 * Body of `PATCH /apps/:app`.
 *
 * @public
 */
export type UpdateAppRequest = z.input<typeof updateAppRequestSchema>;

const quantity = (what: string) =>
  z.string().refine(
    v => {
      try {
        return parseQuantity(v) >= 0;
      } catch {
        return false;
      }
    },
    { message: `${what} must be a Kubernetes quantity such as 250m, 1, 128Mi` },
  );

const envName = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * What a version runs: image, replicas per cell, resources, env, health check, autoscaling.
 *
 * @public
 */
export const versionSpecSchema = z.object({
  /** The full image reference, e.g. `registry.example:5000/payments/api:1.4.2`. */
  image: z
    .string()
    .min(1, 'image is required')
    .max(512)
    .regex(/^[^\s]+$/, 'image must not contain spaces'),
  /** Replicas per cell (cells of the app left out get none). */
  replicas: z.record(
    dnsLabelSchema('cell name'),
    z
      .number({ error: 'replicas must be a number' })
      .int('replicas must be a whole number')
      .min(0, 'replicas must be 0 or more')
      .max(500, 'replicas must be at most 500'),
  ),
  /** The container port the app listens on. */
  port: z.number().int().min(1).max(65535).default(8080),
  resources: z
    .object({
      requests: z.object({ cpu: quantity('cpu'), memory: quantity('memory') }),
      limits: z.object({ cpu: quantity('cpu'), memory: quantity('memory') }),
    })
    .default({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    }),
  env: z
    .array(
      z.object({
        name: z
          .string()
          .regex(envName, 'env names are letters, digits, _ . and -'),
        value: z.string().max(32768),
      }),
    )
    .max(100)
    .default([]),
  /** HTTP health check: becomes the readiness probe, and the liveness probe when `liveness`. */
  healthCheck: z
    .object({
      path: z.string().startsWith('/', 'health check path starts with /'),
      port: z.number().int().min(1).max(65535).optional(),
      initialDelaySeconds: z.number().int().min(0).max(3600).default(0),
      periodSeconds: z.number().int().min(1).max(3600).default(5),
      timeoutSeconds: z.number().int().min(1).max(3600).default(1),
      failureThreshold: z.number().int().min(1).max(100).default(3),
      liveness: z.boolean().default(false),
    })
    .default({
      path: '/healthz',
      initialDelaySeconds: 0,
      periodSeconds: 5,
      timeoutSeconds: 1,
      failureThreshold: 3,
      liveness: false,
    }),
  /** Horizontal autoscaling on CPU; replicas per cell are then the starting point. */
  autoscaling: z
    .object({
      minReplicas: z.number().int().min(1).max(500),
      maxReplicas: z.number().int().min(1).max(500),
      targetCPUUtilizationPercentage: z.number().int().min(1).max(100),
    })
    .refine(a => a.maxReplicas >= a.minReplicas, {
      message: 'autoscaling.maxReplicas must be at least minReplicas',
    })
    .optional(),
});

/**
 * What a version runs (parsed, with defaults filled in).
 *
 * @public
 */
export type VersionSpec = z.output<typeof versionSpecSchema>;

/**
 * Body of `POST /apps/:app/versions`: create (deploy) a version. Replicas of cells where the app
 * already serves a stable version are only applied through a release.
 *
 * @public
 */
export const createVersionRequestSchema = z.object({
  name: dnsLabelSchema('version name', MAX_VERSION_NAME_LENGTH),
  spec: versionSpecSchema,
});

/**
 * Body of `POST /apps/:app/versions`.
 *
 * @public
 */
export type CreateVersionRequest = z.input<typeof createVersionRequestSchema>;

/**
 * Body of `POST /apps/:app/versions/:version/scale`.
 *
 * @public
 */
export const scaleRequestSchema = z.object({
  cell: dnsLabelSchema('cell name'),
  replicas: z
    .number({ error: 'replicas must be a number' })
    .int('replicas must be a whole number')
    .min(0, 'replicas must be 0 or more')
    .max(500, 'replicas must be at most 500'),
});

/**
 * Body of `POST /apps/:app/versions/:version/scale`.
 *
 * @public
 */
export type ScaleRequest = z.input<typeof scaleRequestSchema>;

/**
 * Body of `POST /apps/:app/cells`: a cell of the app's region to add to the app and, optionally,
 * one of the app's versions to run there with its replicas (default 1).
 *
 * @public
 */
export const addAppCellRequestSchema = z
  .object({
    cell: dnsLabelSchema('cell name'),
    version: dnsLabelSchema('version name').optional(),
    replicas: z
      .number({ error: 'replicas must be a number' })
      .int('replicas must be a whole number')
      .min(0, 'replicas must be 0 or more')
      .max(500, 'replicas must be at most 500')
      .optional(),
  })
  .strict()
  .refine(b => b.replicas === undefined || b.version !== undefined, {
    message: 'replicas need a version to run in the cell',
    path: ['replicas'],
  });

/**
 * Body of `POST /apps/:app/cells`.
 *
 * @public
 */
export type AddAppCellRequest = z.input<typeof addAppCellRequestSchema>;

/**
 * A version of an app as stored by the portal.
 *
 * @public
 */
export interface AppVersion {
  app: string;
  name: string;
  spec: VersionSpec;
  createdBy: string;
  createdAt: string;
}

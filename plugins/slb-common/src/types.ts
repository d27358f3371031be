/**
 * LB groups, domains, upstreams and agent statuses: the zod schemas of what is stored in etcd and
 * exchanged over HTTP, and their types.
 */
import { z } from 'zod';
import { hostNameProblem, isDnsLabel } from './names';

/** A DNS-1123 label (apps, groups, hosts, cells). @public */
export const dnsLabelSchema = z
  .string()
  .refine(isDnsLabel, {
    message:
      "must be a DNS-1123 label: 1-63 lower case letters, digits or '-', starting and ending with a letter or digit",
  });

/** An RFC 1123 host name. @public */
export const hostNameSchema = z.string().superRefine((value, ctx) => {
  const problem = hostNameProblem(value);
  if (problem) {
    ctx.addIssue({
      code: 'custom',
      message: `'${value}' is not a valid host name: ${problem}`,
    });
  }
});

/** A TCP port. @public */
export const portSchema = z.number().int().min(1).max(65535);

/** A location path: a URL path prefix without spaces, quotes, braces or ';'. @public */
export const locationPathSchema = z
  .string()
  .max(256)
  .regex(/^\/[A-Za-z0-9._~!*'()@:+,=%/-]*$/, {
    message:
      "must start with '/' and hold only URL path characters (no spaces, quotes, braces, '$' or ';')",
  });

/** An HTTP header name. @public */
export const headerNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, {
    message: "header names are 1-64 letters, digits or '-'",
  });

/** An HTTP header value that is safe inside a quoted Nginx string (no '"', '\\', '$', braces). @public */
export const headerValueSchema = z
  .string()
  .max(1024)
  .regex(/^[\x20-\x7e]*$/, { message: 'header values are printable ASCII' })
  .refine(v => !/["\\${}]/.test(v), {
    message: "header values may not contain '\"', '\\', '$', '{' or '}'",
  });

/** Where a path of a domain routes: an app's port. @public */
export const domainLocationSchema = z.strictObject({
  path: locationPathSchema,
  app: dnsLabelSchema,
  port: portSchema,
});
/** @public */
export type DomainLocation = z.infer<typeof domainLocationSchema>;

/** Proxy timeouts of a domain, in seconds. @public */
export const domainTimeoutsSchema = z.strictObject({
  connectSeconds: z.number().int().min(1).max(75).default(5),
  readSeconds: z.number().int().min(1).max(3600).default(60),
  sendSeconds: z.number().int().min(1).max(3600).default(60),
});
/** @public */
export type DomainTimeouts = z.infer<typeof domainTimeoutsSchema>;

/**
 * Admin-only extra directives of a domain, added to its `server` block. Braces must balance so
 * the text stays inside the block; `nginx -t` checks the rest before it is stored.
 *
 * @public
 */
export const extraDirectivesSchema = z
  .string()
  .max(8192)
  .superRefine((text, ctx) => {
    let depth = 0;
    for (const ch of text.replace(/#[^\n]*/g, '')) {
      if (ch === '{') depth++;
      if (ch === '}') depth--;
      if (depth < 0) break;
    }
    if (depth !== 0) {
      ctx.addIssue({
        code: 'custom',
        message: "braces '{' and '}' in extra directives must balance",
      });
    }
  });

/**
 * A domain as stored in etcd under `/slb/{group}/domains/{name}`.
 *
 * @public
 */
export const slbDomainSchema = z.strictObject({
  /** The primary server name. */
  name: hostNameSchema,
  /** The LB group serving it. */
  group: dnsLabelSchema,
  /** The app owning the domain. */
  app: dnsLabelSchema,
  /** More server names (aliases). */
  aliases: z.array(hostNameSchema).max(20).default([]),
  /** Paths and the app ports they route to. */
  locations: z.array(domainLocationSchema).min(1).max(50),
  timeouts: domainTimeoutsSchema.default({
    connectSeconds: 5,
    readSeconds: 60,
    sendSeconds: 60,
  }),
  /** Request headers set towards the app. */
  headers: z.record(headerNameSchema, headerValueSchema).default({}),
  /** Name of a TLS certificate pair the hosts hold (`{name}.crt`, `{name}.key`). */
  tlsCertificate: dnsLabelSchema.optional(),
  /** Admin-only directives added to the server block. */
  extraDirectives: extraDirectivesSchema.optional(),
  /** Who last set the extra directives (a user entity ref). */
  directivesSetBy: z.string().optional(),
  /** When the extra directives were last set (ISO 8601). */
  directivesSetAt: z.string().optional(),
  createdBy: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});
/** @public */
export type SlbDomain = z.infer<typeof slbDomainSchema>;

/**
 * One upstream server: a ready pod endpoint.
 *
 * @public
 */
export const upstreamServerSchema = z.strictObject({
  /** `ip:port`. */
  address: z.string().regex(/^\d{1,3}(\.\d{1,3}){3}:\d{1,5}$/),
  cell: z.string(),
  version: z.string(),
  /** Relative share of traffic; 0 sends none. */
  weight: z.number().int().min(0).max(10000),
});
/** @public */
export type UpstreamServer = z.infer<typeof upstreamServerSchema>;

/**
 * The servers of one app port in a group, as stored under `/slb/{group}/upstreams/{app}:{port}`.
 *
 * @public
 */
export const slbUpstreamSchema = z.strictObject({
  app: dnsLabelSchema,
  port: portSchema,
  servers: z.array(upstreamServerSchema),
  /** Per cell: whether its servers are the last known ones (cell unreachable) and when seen. */
  cells: z
    .record(
      z.string(),
      z.strictObject({ stale: z.boolean(), observedAt: z.string() }),
    )
    .default({}),
  updatedAt: z.string().optional(),
});
/** @public */
export type SlbUpstream = z.infer<typeof slbUpstreamSchema>;

/**
 * What an agent reports under its lease at `/slb/{group}/agents/{host}`.
 *
 * @public
 */
export const slbAgentStatusSchema = z.object({
  host: z.string(),
  /** The address its Nginx listens on. */
  address: z.string(),
  httpPort: z.number(),
  /** Its Prometheus metrics. */
  metricsUrl: z.string().optional(),
  /** The group revision it has applied. */
  revision: z.number(),
  /** Domains whose latest configuration failed `nginx -t`, with the error (they keep the last good one). */
  errors: z.record(z.string(), z.string()).default({}),
  /** The last error, any cause. */
  lastError: z.string().optional(),
  reloads: z.number().default(0),
  startedAt: z.string(),
  updatedAt: z.string(),
});
/** @public */
export type SlbAgentStatus = z.infer<typeof slbAgentStatusSchema>;

/**
 * An LB group as configured in the portal.
 *
 * @public
 */
export interface SlbGroup {
  name: string;
  region: string;
  /** The virtual IP clients reach. */
  vip: string;
  /** DNS suffix of the group: users point their domain at the CNAME `{group}.{cnameSuffix}`. */
  cnameSuffix: string;
  visibility: 'public' | 'internal';
  /** The etcd endpoints the group's agents watch. */
  etcdEndpoints: string[];
}

/**
 * The slb HTTP API's request schemas and response views.
 */
import { z } from 'zod';
import {
  dnsLabelSchema,
  domainLocationSchema,
  domainTimeoutsSchema,
  extraDirectivesSchema,
  headerNameSchema,
  headerValueSchema,
  hostNameSchema,
  SlbDomain,
  SlbUpstream,
} from './types';

/** The body of `POST /domains`: users never write Nginx directives. @public */
export const domainCreateRequestSchema = z.strictObject({
  name: hostNameSchema,
  group: dnsLabelSchema,
  app: dnsLabelSchema,
  aliases: z.array(hostNameSchema).max(20).optional(),
  locations: z.array(domainLocationSchema).min(1).max(50),
  timeouts: domainTimeoutsSchema.partial().optional(),
  headers: z.record(headerNameSchema, headerValueSchema).optional(),
  tlsCertificate: dnsLabelSchema.optional(),
});
/** @public */
export type DomainCreateRequest = z.infer<typeof domainCreateRequestSchema>;

/** The body of `PUT /domains/{name}`: what a domain's owners may change. @public */
export const domainUpdateRequestSchema = domainCreateRequestSchema.omit({
  name: true,
  group: true,
  app: true,
});
/** @public */
export type DomainUpdateRequest = z.infer<typeof domainUpdateRequestSchema>;

/** The body of `PUT /domains/{name}/directives` (platform admins). @public */
export const directivesRequestSchema = z.strictObject({
  extraDirectives: extraDirectivesSchema,
});

/** One Nginx host of a group and how far it has applied a domain. @public */
export interface HostConvergence {
  host: string;
  address: string;
  /** The group revision the host applied. */
  revision: number;
  /** Revisions behind the domain's latest change (0: converged). */
  lag: number;
  /** Why the host refused the domain's latest configuration, if it did. */
  error?: string;
  updatedAt: string;
}

/** A domain as the portal shows it. @public */
export interface DomainView {
  domain: SlbDomain;
  group: { name: string; region: string; visibility: 'public' | 'internal' };
  /** Where users point their DNS name. */
  cname: string;
  vip: string;
  /** The configuration the hosts render (for the first host, or the VIP). */
  config: string;
  /** The revision of the domain's latest change (domain or its upstreams). */
  revision: number;
  upstreams: SlbUpstream[];
  hosts: HostConvergence[];
  /** Whether the caller may change it / set extra directives. */
  canManage: boolean;
  canEditDirectives: boolean;
}

/** An LB group with its live agents. @public */
export interface GroupView {
  name: string;
  region: string;
  vip: string;
  cnameSuffix: string;
  visibility: 'public' | 'internal';
  agents: Array<{ host: string; address: string; revision: number; reloads: number; lastError?: string; updatedAt: string }>;
  /** Set when the group's etcd cannot be read. */
  error?: string;
}

/**
 * Domains: created, changed and deleted by the app's Owners and Masters, seen by its members;
 * extra directives by platform admins after a real `nginx -t`. Stored in the group's etcd.
 */
import {
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { comparePageKeys, Page, pageOfSorted, PageRequest } from '@cellport/common';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  DomainCreateRequest,
  DomainUpdateRequest,
  DomainView,
  GroupView,
  HostConvergence,
  renderDomainConfig,
  SlbDomain,
  slbDomainSchema,
  slbPermissions,
  upstreamId,
} from '@cellport/plugin-slb-common';
import { AppAccess } from '@cellport/plugin-access-node';
import { ConfigGroupSupplier, ConfiguredGroup } from './ConfigGroupSupplier';
import { DirectiveChecker } from './DirectiveChecker';
import { SlbEtcd } from './SlbEtcd';

/** A domain in a list. */
export interface DomainListItem {
  domain: SlbDomain;
  cname: string;
  vip: string;
}

export class DomainService {
  constructor(
    private readonly groups: ConfigGroupSupplier,
    private readonly etcd: SlbEtcd,
    private readonly access: AppAccess,
    private readonly checker: DirectiveChecker,
    private readonly logger: LoggerService,
  ) {}

  private group(name: string): ConfiguredGroup {
    const group = this.groups.read().find(g => g.name === name);
    if (!group) {
      throw new InputError(
        `no LB group '${name}' (known: ${this.groups.read().map(g => g.name).join(', ') || 'none'})`,
      );
    }
    return group;
  }

  private cname(group: ConfiguredGroup): string {
    return `${group.name}.${group.cnameSuffix}`;
  }

  async listGroups(): Promise<GroupView[]> {
    return Promise.all(
      this.groups.read().map(async g => {
        const base = {
          name: g.name,
          region: g.region,
          vip: g.vip,
          cnameSuffix: g.cnameSuffix,
          visibility: g.visibility,
        };
        try {
          const agents = await this.etcd.listAgents(g);
          return {
            ...base,
            agents: agents.map(a => ({
              host: a.host,
              address: a.address,
              revision: a.revision,
              reloads: a.reloads,
              lastError: a.lastError,
              updatedAt: a.updatedAt,
            })),
          };
        } catch (e) {
          return { ...base, agents: [], error: e instanceof Error ? e.message : String(e) };
        }
      }),
    );
  }

  /** Every domain of every group, with its group. */
  private async all(): Promise<Array<{ group: ConfiguredGroup; domain: SlbDomain }>> {
    const out: Array<{ group: ConfiguredGroup; domain: SlbDomain }> = [];
    for (const group of this.groups.read()) {
      for (const domain of await this.etcd.listDomains(group)) out.push({ group, domain });
    }
    return out;
  }

  /** Domains the caller may see, optionally of one app, ordered by name (unique across groups). */
  async list(credentials: BackstageCredentials, filter: { app?: string }): Promise<DomainListItem[]> {
    const all = (await this.all()).filter(d => !filter.app || d.domain.app === filter.app);
    const visible = await this.access.visibleApps(credentials, all.map(d => d.domain.app));
    return all
      .filter(d => visible.has(d.domain.app))
      .sort((a, b) => comparePageKeys([a.domain.name], [b.domain.name]))
      .map(({ group, domain }) => ({ domain, cname: this.cname(group), vip: group.vip }));
  }

  /**
   * One page of {@link DomainService.list} (sort key: the domain name). The page is cut from the
   * domains the caller may see only, so hidden domains never show in its size or cursor.
   */
  async listPage(
    credentials: BackstageCredentials,
    filter: { app?: string },
    request: PageRequest,
  ): Promise<Page<DomainListItem>> {
    return pageOfSorted(await this.list(credentials, filter), request, d => [d.domain.name]);
  }

  /** Finds a domain in any group; 404 for callers who may not see its app. */
  private async find(credentials: BackstageCredentials, name: string) {
    for (const group of this.groups.read()) {
      const found = await this.etcd.getDomain(group, name);
      if (found) {
        await this.access.authorize(
          credentials,
          slbPermissions.domainRead,
          found.domain.app,
          `Domain '${name}' not found`,
        );
        return { group, ...found };
      }
    }
    throw new NotFoundError(`Domain '${name}' not found`);
  }

  async get(credentials: BackstageCredentials, name: string): Promise<DomainView> {
    const { group, domain, modRevision } = await this.find(credentials, name);
    const [agents, upstreams, canManage, canEditDirectives] = await Promise.all([
      this.etcd.listAgents(group),
      this.etcd.listUpstreams(group),
      this.access
        .authorize(credentials, slbPermissions.domainManage, domain.app)
        .then(() => true, () => false),
      this.access.isAllowed(credentials, slbPermissions.directivesManage),
    ]);
    const ids = [...new Set(domain.locations.map(l => upstreamId(l.app, l.port)))];
    const mine = ids.flatMap(id => {
      const u = upstreams.get(id);
      return u ? [u.upstream] : [];
    });
    const revision = Math.max(
      Number(modRevision),
      ...ids.map(id => upstreams.get(id)?.modRevision ?? 0),
    );
    const hosts: HostConvergence[] = agents.map(a => ({
      host: a.host,
      address: a.address,
      revision: a.revision,
      lag: Math.max(0, revision - a.revision),
      error: a.errors[domain.name],
      updatedAt: a.updatedAt,
    }));
    const first = agents[0];
    return {
      domain,
      group: { name: group.name, region: group.region, visibility: group.visibility },
      cname: this.cname(group),
      vip: group.vip,
      config: renderDomainConfig(domain, {
        listenAddress: first?.address ?? group.vip,
        httpPort: first?.httpPort ?? group.httpPort,
      }),
      revision,
      upstreams: mine,
      hosts,
      canManage,
      canEditDirectives,
    };
  }

  /** Server names (name and aliases) used by any domain other than `except`. */
  private async assertNamesFree(names: string[], except?: string): Promise<void> {
    const taken = new Map<string, string>();
    for (const { domain } of await this.all()) {
      if (domain.name === except) continue;
      for (const n of [domain.name, ...domain.aliases]) taken.set(n, domain.name);
    }
    for (const n of names) {
      const owner = taken.get(n);
      if (owner) {
        throw new ConflictError(
          owner === n ? `domain '${n}' already exists` : `server name '${n}' is already used by domain '${owner}'`,
        );
      }
    }
    if (new Set(names).size !== names.length) {
      throw new InputError('server names (name and aliases) must be distinct');
    }
  }

  async create(
    credentials: BackstageCredentials,
    input: DomainCreateRequest,
    actor: string,
  ): Promise<DomainView> {
    const group = this.group(input.group);
    await this.access.authorize(credentials, slbPermissions.domainManage, input.app);
    const now = new Date().toISOString();
    const domain = this.validated({
      ...input,
      timeouts: { connectSeconds: 5, readSeconds: 60, sendSeconds: 60, ...input.timeouts },
      createdBy: actor,
      createdAt: now,
      updatedAt: now,
    });
    await this.assertNamesFree([domain.name, ...domain.aliases]);
    await this.etcd.putDomain(group, domain, { create: true });
    this.logger.info('Domain created', { domain: domain.name, app: domain.app, group: group.name, actor });
    return this.get(credentials, domain.name);
  }

  async update(
    credentials: BackstageCredentials,
    name: string,
    input: DomainUpdateRequest,
  ): Promise<DomainView> {
    const { group, domain, modRevision } = await this.find(credentials, name);
    await this.access.authorize(credentials, slbPermissions.domainManage, domain.app);
    const next = this.validated({
      ...domain,
      ...input,
      aliases: input.aliases ?? domain.aliases,
      timeouts: { ...domain.timeouts, ...input.timeouts },
      headers: input.headers ?? domain.headers,
      updatedAt: new Date().toISOString(),
    });
    await this.assertNamesFree([next.name, ...next.aliases], name);
    await this.etcd.putDomain(group, next, { modRevision });
    return this.get(credentials, name);
  }

  async delete(credentials: BackstageCredentials, name: string): Promise<void> {
    const { group, domain } = await this.find(credentials, name);
    await this.access.authorize(credentials, slbPermissions.domainManage, domain.app);
    await this.etcd.deleteDomain(group, name);
    this.logger.info('Domain deleted', { domain: name, app: domain.app, group: group.name });
  }

  /** Platform admins: sets extra directives after `nginx -t` of the rendered domain passes. */
  async setDirectives(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    name: string,
    extraDirectives: string,
  ): Promise<DomainView> {
    if (!(await this.access.isAllowed(credentials, slbPermissions.directivesManage))) {
      // members learn the domain exists only if they may see it
      await this.find(credentials, name);
      throw new NotAllowedError('Only platform admins may set extra Nginx directives');
    }
    const { group, domain, modRevision } = await this.find(credentials, name);
    const now = new Date().toISOString();
    const set = extraDirectives.trim() !== '';
    const next = this.validated({
      ...domain,
      extraDirectives: set ? extraDirectives : undefined,
      // who set them and when, for the admin view (cleared with them)
      directivesSetBy: set ? credentials.principal.userEntityRef : undefined,
      directivesSetAt: set ? now : undefined,
      updatedAt: now,
    });
    const result = await this.checker.check(next);
    if (!result.ok) {
      throw new InputError(`nginx -t refused the configuration: ${result.output}`);
    }
    await this.etcd.putDomain(group, next, { modRevision });
    return this.get(credentials, name);
  }

  private validated(value: unknown): SlbDomain {
    const r = slbDomainSchema.safeParse(value);
    if (!r.success) {
      throw new InputError(
        r.error.issues.map(i => `${i.path.join('.') || 'domain'}: ${i.message}`).join('; '),
      );
    }
    return r.data;
  }
}

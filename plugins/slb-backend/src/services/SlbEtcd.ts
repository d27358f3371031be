/**
 * The LB groups' etcd: one client per distinct endpoint set, and the reads and writes the portal
 * makes under `/slb/{group}/` (domains, upstreams, agents' statuses).
 */
import { Etcd3 } from 'etcd3';
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import {
  SlbAgentStatus,
  slbAgentStatusSchema,
  SlbDomain,
  slbDomainSchema,
  slbKeys,
  SlbUpstream,
  slbUpstreamSchema,
  UpstreamServer,
} from '@cellport/plugin-slb-common';
import { ConfiguredGroup } from './ConfigGroupSupplier';

function parseJson<T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, text: string): T | undefined {
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/** Wraps etcd failures in a 503 that names the group. */
async function guarded<T>(group: string, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ConflictError) throw e;
    throw new ServiceUnavailableError(
      `LB group '${group}': etcd is unavailable (${what}): ${e instanceof Error ? e.message : e}`,
    );
  }
}

/** etcd access for every configured group. */
export class SlbEtcd {
  private readonly clients = new Map<string, Etcd3>();

  client(group: ConfiguredGroup): Etcd3 {
    const key = [...group.etcdEndpoints].sort().join(',');
    let client = this.clients.get(key);
    if (!client) {
      client = new Etcd3({ hosts: group.etcdEndpoints, dialTimeout: 3000 });
      this.clients.set(key, client);
    }
    return client;
  }

  async listDomains(group: ConfiguredGroup): Promise<SlbDomain[]> {
    return guarded(group.name, 'list domains', async () => {
      const all = await this.client(group).getAll().prefix(slbKeys.domains(group.name)).strings();
      return Object.values(all)
        .map(v => parseJson<SlbDomain>(slbDomainSchema, v))
        .filter((d): d is SlbDomain => !!d);
    });
  }

  /** The domain and its etcd mod revision. */
  async getDomain(group: ConfiguredGroup, name: string): Promise<{ domain: SlbDomain; modRevision: string } | undefined> {
    return guarded(group.name, 'read a domain', async () => {
      const res = await this.client(group).get(slbKeys.domain(group.name, name)).exec();
      const kv = res.kvs[0];
      if (!kv) return undefined;
      const domain = parseJson<SlbDomain>(slbDomainSchema, kv.value.toString());
      return domain ? { domain, modRevision: kv.mod_revision } : undefined;
    });
  }

  /**
   * Writes a domain: `create` only when the key is absent, otherwise only when it is still at
   * `modRevision` (no lost update). Returns the new revision.
   */
  async putDomain(
    group: ConfiguredGroup,
    domain: SlbDomain,
    expect: { create: true } | { modRevision: string },
  ): Promise<number> {
    return guarded(group.name, 'write a domain', async () => {
      const key = slbKeys.domain(group.name, domain.name);
      const client = this.client(group);
      const txn =
        'create' in expect
          ? client.if(key, 'Create', '==', 0)
          : client.if(key, 'Mod', '==', expect.modRevision);
      const res = await txn.then(client.put(key).value(JSON.stringify(domain))).commit();
      if (!res.succeeded) {
        throw new ConflictError(
          'create' in expect
            ? `domain '${domain.name}' already exists`
            : `domain '${domain.name}' was changed meanwhile; reload and try again`,
        );
      }
      return Number(res.header.revision);
    });
  }

  async deleteDomain(group: ConfiguredGroup, name: string): Promise<number> {
    return guarded(group.name, 'delete a domain', async () => {
      const res = await this.client(group).delete().key(slbKeys.domain(group.name, name)).exec();
      return Number(res.header.revision);
    });
  }

  /** The group's upstreams by id, with the revision each last changed at. */
  async listUpstreams(
    group: ConfiguredGroup,
  ): Promise<Map<string, { upstream: SlbUpstream; modRevision: number }>> {
    return guarded(group.name, 'list upstreams', async () => {
      const prefix = slbKeys.upstreams(group.name);
      const res = await this.client(group).getAll().prefix(prefix).exec();
      const out = new Map<string, { upstream: SlbUpstream; modRevision: number }>();
      for (const kv of res.kvs) {
        const upstream = parseJson<SlbUpstream>(slbUpstreamSchema, kv.value.toString());
        if (upstream) {
          out.set(kv.key.toString().slice(prefix.length), {
            upstream,
            modRevision: Number(kv.mod_revision),
          });
        }
      }
      return out;
    });
  }

  /**
   * Removes servers with these addresses' IPs from the upstream (compare-and-swap, retried);
   * returns the revision at which they are gone: the revision of the removal, or, when the
   * upstream holds none of them, the revision it was last written at (an agent at or past it has
   * the upstream without them; agents report only configuration writes, so waiting for etcd's
   * current revision could last until some other domain or upstream changed), or 0 when there is
   * no upstream.
   */
  async removeServers(
    group: ConfiguredGroup,
    id: string,
    isLeaving: (s: UpstreamServer) => boolean,
  ): Promise<number> {
    const key = `${slbKeys.upstreams(group.name)}${id}`;
    const client = this.client(group);
    for (let attempt = 0; attempt < 20; attempt++) {
      const res = await client.get(key).exec();
      const kv = res.kvs[0];
      if (!kv) return 0;
      const upstream = parseJson<SlbUpstream>(slbUpstreamSchema, kv.value.toString());
      if (!upstream || !upstream.servers.some(isLeaving)) return Number(kv.mod_revision);
      const next = { ...upstream, servers: upstream.servers.filter(s => !isLeaving(s)), updatedAt: new Date().toISOString() };
      const txn = await client
        .if(key, 'Mod', '==', kv.mod_revision)
        .then(client.put(key).value(JSON.stringify(next)))
        .commit();
      if (txn.succeeded) return Number(txn.header.revision);
    }
    throw new ConflictError(`upstream ${id} of LB group '${group.name}' kept changing; drain not written`);
  }

  async listAgents(group: ConfiguredGroup): Promise<SlbAgentStatus[]> {
    return guarded(group.name, 'list agents', async () => {
      const all = await this.client(group).getAll().prefix(slbKeys.agents(group.name)).strings();
      return Object.values(all)
        .map(v => parseJson<SlbAgentStatus>(slbAgentStatusSchema, v))
        .filter((a): a is SlbAgentStatus => !!a)
        .sort((a, b) => a.host.localeCompare(b.host));
    });
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}

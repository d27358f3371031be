import express from 'express';
import request from 'supertest';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { SlbDomain } from '@cellport/plugin-slb-common';
import { createRouter } from './router';
import { AppAccess } from '@cellport/plugin-access-node';
import { ConfigGroupSupplier, ConfiguredGroup } from './services/ConfigGroupSupplier';
import { DirectiveChecker } from './services/DirectiveChecker';
import { DomainService } from './services/DomainService';
import { SlbEtcd } from './services/SlbEtcd';

/** In-memory stand-in for the groups' etcd (the agent and end-to-end tests use a real one). */
class MemoryEtcd {
  domains = new Map<string, { domain: SlbDomain; modRevision: string }>();
  revision = 1;
  async listDomains(g: ConfiguredGroup) {
    return [...this.domains.values()].map(d => d.domain).filter(d => d.group === g.name);
  }
  async getDomain(g: ConfiguredGroup, name: string) {
    const d = this.domains.get(name);
    return d && d.domain.group === g.name ? d : undefined;
  }
  async putDomain(_g: ConfiguredGroup, domain: SlbDomain) {
    this.revision++;
    this.domains.set(domain.name, { domain, modRevision: String(this.revision) });
    return this.revision;
  }
  async deleteDomain(_g: ConfiguredGroup, name: string) {
    this.domains.delete(name);
    return ++this.revision;
  }
  async listAgents() {
    return [];
  }
  async listUpstreams() {
    return new Map();
  }
}

// roles of the app 'shop': alice Owner, dave Developer; erin is a platform admin
const ROLES: Record<string, Record<string, string>> = {
  'user:default/alice': { shop: 'owner' },
  'user:default/dave': { shop: 'developer' },
};
const permissions: PermissionsService = {
  async authorize(requests: any[], options: any) {
    const user = options.credentials.principal.userEntityRef;
    return requests.map(r => {
      if (user === 'user:default/erin') return { result: AuthorizeResult.ALLOW };
      if (!r.resourceRef) return { result: AuthorizeResult.DENY };
      const role = ROLES[user]?.[r.resourceRef.replace(/^app:/, '')];
      const ok = r.permission.name === 'cellport.app.read' ? !!role : role === 'owner' || role === 'master';
      return { result: ok ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    });
  },
  async authorizeConditional() {
    throw new Error('not used');
  },
} as any;

const as = (user: string) => mockCredentials.user.header(`user:default/${user}`);
const body = {
  name: 'shop.example.com',
  group: 'dev-public',
  app: 'shop',
  locations: [{ path: '/', app: 'shop', port: 8080 }],
};

describe('slb router', () => {
  const etcd = new MemoryEtcd();
  let app: express.Express;

  beforeAll(async () => {
    const config = new ConfigReader({
      cellport: {
        slb: {
          groups: [{ name: 'dev-public', region: 'dev', vip: '127.0.0.11', cnameSuffix: 'lb.test', etcd: { endpoints: ['http://127.0.0.1:1'] } }],
        },
      },
    });
    const logger = mockServices.logger.mock();
    const domains = new DomainService(
      new ConfigGroupSupplier(config),
      etcd as unknown as SlbEtcd,
      new AppAccess(permissions),
      new DirectiveChecker(),
      logger,
    );
    app = express();
    app.use(await createRouter({ httpAuth: mockServices.httpAuth({ defaultCredentials: mockCredentials.none() }), domains }));
    app.use(MiddlewareFactory.create({ config, logger }).error());
  });

  it('needs a signed-in user', async () => {
    const res = await request(app).get('/domains');
    expect(res.status).toBe(401);
  });

  it('lets the Owner create; a Developer may not (403); non-members see nothing (404)', async () => {
    const denied = await request(app).post('/domains').set('authorization', as('dave')).send(body).expect(403);
    expect(denied.body.error.message).toContain('Master');
    expect(etcd.domains.size).toBe(0);
    await request(app).post('/domains').set('authorization', as('bob')).send(body).expect(404);
    const created = await request(app).post('/domains').set('authorization', as('alice')).send(body).expect(201);
    expect(created.body.cname).toBe('dev-public.lb.test');
    expect(created.body.config).toContain('server_name shop.example.com;');
    await request(app).get('/domains/shop.example.com').set('authorization', as('dave')).expect(200);
    await request(app).get('/domains/shop.example.com').set('authorization', as('bob')).expect(404);
    expect((await request(app).get('/domains').set('authorization', as('bob')).expect(200)).body.items).toEqual([]);
  });

  it('answers bad input with 400 and what to fix, and duplicates with 409; nothing written', async () => {
    const before = etcd.revision;
    const bad = await request(app)
      .post('/domains')
      .set('authorization', as('alice'))
      .send({ ...body, name: 'Shop_Example', locations: [{ path: 'x', app: 'shop', port: 8080 }] })
      .expect(400);
    expect(bad.body.error.message).toContain('not a valid host name');
    expect(bad.body.error.message).toContain("must start with '/'");
    await request(app)
      .post('/domains')
      .set('authorization', as('alice'))
      .send({ ...body, extraDirectives: 'return 200;' })
      .expect(400);
    await request(app).post('/domains').set('authorization', as('alice')).send(body).expect(409);
    await request(app).post('/domains').set('authorization', as('alice')).send({ ...body, group: 'nope' }).expect(400);
    expect(etcd.revision).toBe(before);
  });

  it('stores extra directives from platform admins only, after a real nginx -t', async () => {
    await request(app)
      .put('/domains/shop.example.com/directives')
      .set('authorization', as('alice'))
      .send({ extraDirectives: 'gzip on;' })
      .expect(403);
    const refused = await request(app)
      .put('/domains/shop.example.com/directives')
      .set('authorization', as('erin'))
      .send({ extraDirectives: 'gzip_nonsense on;' })
      .expect(400);
    expect(refused.body.error.message).toContain('unknown directive "gzip_nonsense"');
    expect(etcd.domains.get('shop.example.com')!.domain.extraDirectives).toBeUndefined();
    const stored = await request(app)
      .put('/domains/shop.example.com/directives')
      .set('authorization', as('erin'))
      .send({ extraDirectives: 'gzip on;' })
      .expect(200);
    expect(stored.body.config).toContain('  gzip on;');
    // who set them and when, for the admin view's special configuration
    expect(stored.body.domain).toMatchObject({ directivesSetBy: 'user:default/erin' });
    expect(Date.parse(stored.body.domain.directivesSetAt)).toBeGreaterThan(Date.now() - 60_000);
    const cleared = await request(app)
      .put('/domains/shop.example.com/directives')
      .set('authorization', as('erin'))
      .send({ extraDirectives: '' })
      .expect(200);
    expect(cleared.body.domain.directivesSetBy).toBeUndefined();
    expect(cleared.body.domain.extraDirectives).toBeUndefined();
  });

  it('lets the Owner delete', async () => {
    await request(app).delete('/domains/shop.example.com').set('authorization', as('dave')).expect(403);
    await request(app).delete('/domains/shop.example.com').set('authorization', as('alice')).expect(204);
    expect(etcd.domains.size).toBe(0);
  });

  it('pages domains by name over the visible ones only: hidden domains never count', async () => {
    const put = (name: string, owner: string) =>
      etcd.putDomain({} as ConfiguredGroup, {
        ...body,
        name,
        app: owner,
        locations: [{ path: '/', app: owner, port: 8080 }],
      } as SlbDomain);
    // shop's five domains interleaved with another app's, which dave may not see
    for (const n of ['e', 'a', 'c', 'd', 'b']) await put(`${n}.shop.test`, 'shop');
    for (const n of ['a0', 'b0', 'c0', 'd0', 'z']) await put(`${n}.other.test`, 'other');
    const names: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      const res = await request(app)
        .get('/domains')
        .query({ limit: '2', ...(cursor ? { cursor } : {}) })
        .set('authorization', as('dave'))
        .expect(200);
      names.push(...res.body.items.map((i: any) => i.domain.name));
      sizes.push(res.body.items.length);
      cursor = res.body.nextCursor;
    } while (cursor && sizes.length < 10);
    expect(names).toEqual(['a.shop.test', 'b.shop.test', 'c.shop.test', 'd.shop.test', 'e.shop.test']);
    expect(sizes).toEqual([2, 2, 1]);
    const stranger = await request(app).get('/domains?limit=1').set('authorization', as('bob')).expect(200);
    expect(stranger.body).toEqual({ items: [] });
    const all = await request(app).get('/domains?app=shop').set('authorization', as('erin')).expect(200);
    expect(all.body.items).toHaveLength(5);
    expect(all.body.nextCursor).toBeUndefined();
    for (const q of ['limit=0', 'limit=501', 'limit=x', 'cursor=%%%', 'cursor=WyJhIiwiYiJd']) {
      const res = await request(app).get(`/domains?${q}`).set('authorization', as('dave'));
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
    }
  });
});

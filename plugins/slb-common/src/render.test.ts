import { renderDomainConfig, renderGroupConfig } from './render';
import { SlbDomain, slbDomainSchema } from './types';

const target = { listenAddress: '127.0.0.11', httpPort: 8280 };

function domain(overrides: Partial<SlbDomain> = {}): SlbDomain {
  return slbDomainSchema.parse({
    name: 'shop.example.com',
    group: 'dev-public',
    app: 'shop',
    locations: [{ path: '/', app: 'shop', port: 8080 }],
    ...overrides,
  });
}

describe('renderer', () => {
  it('renders a server block routing to a Lua-balanced upstream', () => {
    const text = renderDomainConfig(
      domain({
        aliases: ['www.shop.example.com'],
        headers: { 'X-Team': 'shop team' },
        locations: [
          { path: '/api/', app: 'shop-api', port: 9000 },
          { path: '/', app: 'shop', port: 8080 },
        ],
      }),
      target,
    );
    expect(text).toContain('upstream cp_shop_8080 {');
    expect(text).toContain('upstream cp_shop-api_9000 {');
    expect(text).toContain(
      'balancer_by_lua_block { require("cellport.balancer").balance("shop-api:9000") }',
    );
    expect(text).toContain('listen 127.0.0.11:8280;');
    expect(text).toContain('server_name shop.example.com www.shop.example.com;');
    expect(text).toContain('set $cellport_domain "shop.example.com";');
    expect(text).toContain('proxy_pass http://cp_shop-api_9000;');
    expect(text).toContain('proxy_set_header X-Team "shop team";');
    expect(text).toContain('proxy_connect_timeout 5s;');
    // the server list never appears in the files
    expect(text).not.toMatch(/server \d+\.\d+\.\d+\.\d+:\d+ /);
    expect(text.indexOf('location / {')).toBeLessThan(
      text.indexOf('location /api/ {'),
    );
  });

  it('adds extra directives and TLS', () => {
    const text = renderDomainConfig(
      domain({
        extraDirectives: 'client_max_body_size 10m;\nlocation = /x { return 204; }',
        tlsCertificate: 'shop-cert',
      }),
      { ...target, httpsPort: 8443, certificateDir: '/etc/cellport/certs' },
    );
    expect(text).toContain('  # extra directives (platform admin)\n  client_max_body_size 10m;\n  location = /x { return 204; }');
    expect(text).toContain('listen 127.0.0.11:8443 ssl;');
    expect(text).toContain('ssl_certificate /etc/cellport/certs/shop-cert.crt;');
  });

  it('renders a group deterministically, one upstream per app port', () => {
    const a = domain();
    const b = domain({ name: 'b.example.com' });
    const one = renderGroupConfig([a, b], target);
    const two = renderGroupConfig([b, a], target);
    expect(one).toEqual(two);
    expect(Object.keys(one.files).sort()).toEqual([
      'domains/b.example.com.conf',
      'domains/shop.example.com.conf',
      'upstreams.conf',
    ]);
    expect(one.files['upstreams.conf'].match(/upstream cp_shop_8080/g)).toHaveLength(1);
  });
});

describe('domain schema', () => {
  it.each([
    [{ name: 'Bad_Name' }, 'not a valid host name'],
    [{ locations: [] }, '>=1'],
    [{ locations: [{ path: 'x', app: 'shop', port: 1 }] }, "must start with '/'"],
    [{ locations: [{ path: '/a;b', app: 'shop', port: 1 }] }, "must start with '/'"],
    [{ headers: { 'X-A': 'a"b' } }, 'may not contain'],
    [{ headers: { 'X-A': '$host' } }, 'may not contain'],
    [{ extraDirectives: '} server { listen 1;' }, 'must balance'],
  ])('rejects %j', (overrides, message) => {
    const result = slbDomainSchema.safeParse({
      name: 'shop.example.com',
      group: 'dev-public',
      app: 'shop',
      locations: [{ path: '/', app: 'shop', port: 8080 }],
      ...overrides,
    });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(message);
  });
});

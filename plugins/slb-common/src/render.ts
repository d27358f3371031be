/**
 * The Nginx configuration renderer: a pure function from domains to the files an agent writes.
 * The portal shows its output, so users see exactly what the hosts run.
 *
 * Upstream servers are not part of the output: each upstream block hands peer selection to the
 * Lua balancer (`cellport.balancer`), which reads the servers the agent puts into a shared dict.
 * Server changes therefore never change the files and never need a reload.
 */
import { upstreamBlockName } from './keys';
import { SlbDomain } from './types';

/**
 * Where a host listens and keeps its certificates.
 *
 * @public
 */
export interface RenderTarget {
  /** The address the data servers listen on (the host's address or VIP). */
  listenAddress: string;
  httpPort: number;
  /** The HTTPS port, for domains with a TLS certificate. */
  httpsPort?: number;
  /** Folder holding `{certificate}.crt` and `{certificate}.key`. */
  certificateDir?: string;
}

/**
 * The files of a group's configuration: `upstreams.conf` and one `domains/{name}.conf` each.
 *
 * @public
 */
export interface RenderedGroupConfig {
  /** Relative path to content. */
  files: Record<string, string>;
}

/**
 * The upstream block of an app port: a placeholder server and the Lua balancer.
 *
 * @public
 */
export function renderUpstream(app: string, port: number): string {
  const name = upstreamBlockName(app, port);
  return [
    `upstream ${name} {`,
    '  server 0.0.0.1:1;  # placeholder: the Lua balancer picks the peer',
    `  balancer_by_lua_block { require("cellport.balancer").balance("${app}:${port}") }`,
    '  keepalive 64;',
    '  keepalive_timeout 4s;  # below the apps\' own idle timeout (Node: 5 s)',
    '}',
    '',
  ].join('\n');
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map(line => (line.trim() ? prefix + line.trimEnd() : ''))
    .join('\n');
}

/**
 * The `server` block of a domain.
 *
 * @public
 */
export function renderServer(domain: SlbDomain, target: RenderTarget): string {
  const lines: string[] = [];
  const names = [domain.name, ...domain.aliases].join(' ');
  lines.push(`# domain ${domain.name} of app ${domain.app} (LB group ${domain.group})`);
  lines.push('server {');
  lines.push(`  listen ${target.listenAddress}:${target.httpPort};`);
  if (domain.tlsCertificate && target.httpsPort) {
    const dir = target.certificateDir ?? 'certs';
    lines.push(`  listen ${target.listenAddress}:${target.httpsPort} ssl;`);
    lines.push(`  ssl_certificate ${dir}/${domain.tlsCertificate}.crt;`);
    lines.push(`  ssl_certificate_key ${dir}/${domain.tlsCertificate}.key;`);
  }
  lines.push(`  server_name ${names};`);
  lines.push(`  set $cellport_domain "${domain.name}";`);
  const t = domain.timeouts;
  lines.push(`  proxy_connect_timeout ${t.connectSeconds}s;`);
  lines.push(`  proxy_read_timeout ${t.readSeconds}s;`);
  lines.push(`  proxy_send_timeout ${t.sendSeconds}s;`);
  const locations = [...domain.locations].sort((a, b) =>
    a.path.localeCompare(b.path),
  );
  for (const location of locations) {
    lines.push('');
    lines.push(`  location ${location.path} {`);
    lines.push(
      `    proxy_pass http://${upstreamBlockName(location.app, location.port)};`,
    );
    lines.push('    proxy_http_version 1.1;');
    lines.push('    proxy_set_header Connection "";');
    lines.push('    proxy_set_header Host $host;');
    lines.push('    proxy_set_header X-Real-IP $remote_addr;');
    lines.push(
      '    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    );
    lines.push('    proxy_set_header X-Forwarded-Proto $scheme;');
    for (const [header, value] of Object.entries(domain.headers).sort()) {
      lines.push(`    proxy_set_header ${header} "${value}";`);
    }
    // a failed or refused connection moves on to the next server
    lines.push('    proxy_next_upstream error timeout http_502 http_503;');
    lines.push('    proxy_next_upstream_tries 3;');
    lines.push('  }');
  }
  if (domain.extraDirectives?.trim()) {
    lines.push('');
    lines.push('  # extra directives (platform admin)');
    lines.push(indent(domain.extraDirectives.trim(), '  '));
  }
  lines.push('}');
  lines.push('');
  return lines.join('\n');
}

/**
 * The distinct app ports a domain routes to, sorted.
 *
 * @public
 */
export function upstreamsOf(
  domains: SlbDomain[],
): Array<{ app: string; port: number }> {
  const seen = new Map<string, { app: string; port: number }>();
  for (const d of domains) {
    for (const l of d.locations) {
      seen.set(`${l.app}:${l.port}`, { app: l.app, port: l.port });
    }
  }
  return [...seen.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, v]) => v);
}

/**
 * The configuration of one domain as a host writes it: its upstream blocks, then its server block.
 *
 * @public
 */
export function renderDomainConfig(
  domain: SlbDomain,
  target: RenderTarget,
): string {
  return [
    ...upstreamsOf([domain]).map(u => renderUpstream(u.app, u.port)),
    renderServer(domain, target),
  ].join('\n');
}

/**
 * The files of a whole group: every upstream block once in `upstreams.conf`, every domain in
 * `domains/{name}.conf`. Deterministic: the same domains give the same bytes.
 *
 * @public
 */
export function renderGroupConfig(
  domains: SlbDomain[],
  target: RenderTarget,
): RenderedGroupConfig {
  const sorted = [...domains].sort((a, b) => a.name.localeCompare(b.name));
  const files: Record<string, string> = {
    'upstreams.conf': [
      '# generated by the Cellport slb agent: one upstream per app port',
      ...upstreamsOf(sorted).map(u => renderUpstream(u.app, u.port)),
    ].join('\n'),
  };
  for (const d of sorted) {
    files[`domains/${d.name}.conf`] = renderServer(d, target);
  }
  return { files };
}

/**
 * Checks a domain's rendered configuration with a real `nginx -t` before it is stored, in a
 * throw-away prefix with the same modules and shared dicts the agents load.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderDomainConfig, SlbDomain } from '@cellport/plugin-slb-common';

/** The result of a check. */
export interface DirectiveCheckResult {
  ok: boolean;
  /** nginx's output (file paths shortened). */
  output: string;
}

const MAIN = (dir: string) => `load_module /usr/lib/nginx/modules/ndk_http_module.so;
load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 64; }
http {
  client_body_temp_path ${dir}/tmp;
  proxy_temp_path ${dir}/tmp;
  fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp;
  scgi_temp_path ${dir}/tmp;
  server_names_hash_bucket_size 128;
  lua_shared_dict cellport_upstreams 1m;
  lua_shared_dict cellport_stats 1m;
  include ${dir}/domain.conf;
}
`;

/** Runs `nginx -t` on one domain. */
export class DirectiveChecker {
  constructor(private readonly nginxBinary = 'nginx') {}

  async check(domain: SlbDomain): Promise<DirectiveCheckResult> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cellport-nginx-t-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'domain.conf'),
        renderDomainConfig(domain, { listenAddress: '127.0.0.1', httpPort: 80 }),
      );
      fs.writeFileSync(path.join(dir, 'nginx.conf'), MAIN(dir));
      return await new Promise(resolve => {
        execFile(
          this.nginxBinary,
          ['-t', '-q', '-p', `${dir}/`, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')],
          { timeout: 30_000 },
          (error, stdout, stderr) => {
            const output = `${stdout}${stderr}`.split(dir).join('').trim();
            resolve({ ok: !error, output: error && !output ? String(error.message) : output });
          },
        );
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

// The local git server's small management API (what a GitLab project API offers, the part the
// portal's templates use): create a repository, read its branches, register its push webhook, and
// read a file at a ref (the catalog reads a published catalog-info.yaml through it).
//
//   GET  /api/repos/<name>            200 { name, url, branches: { main: <sha> }, webhook: { url } | null }, 404
//   PUT  /api/repos/<name>            201 created (empty bare repository with the post-receive hook), 200 exists
//   PUT  /api/repos/<name>/webhook    { url, token }: the hook's target and GitLab secret token; 200
//   GET  /raw/<name>/<ref>/<path>     the file's bytes at that ref, 404 when missing
//
// Used by git-http-server.mjs; loopback only, like the pushes it accepts.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/;
const REF = /^[A-Za-z0-9_][A-Za-z0-9._/-]{0,199}$/;

function send(res, status, body) {
  res
    .writeHead(status, { 'content-type': 'application/json' })
    .end(`${JSON.stringify(body)}\n`);
}

function fail(res, status, message) {
  send(res, status, { error: { name: 'Error', message } });
}

async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

const git = (bare, args) =>
  execFileP('git', ['--git-dir', bare, ...args], { maxBuffer: 16 << 20 });

/** The branches of a bare repository, name to commit. */
async function branches(bare) {
  const { stdout } = await git(bare, [
    'for-each-ref',
    '--format=%(refname:short) %(objectname)',
    'refs/heads',
  ]);
  return Object.fromEntries(
    stdout
      .split('\n')
      .filter(Boolean)
      .map(line => line.split(' ')),
  );
}

async function config(bare, key) {
  try {
    return (await git(bare, ['config', '--get', key])).stdout.trim();
  } catch {
    return '';
  }
}

/** Makes `bare` a repository the server accepts pushes into, with the webhook hook installed. */
async function prepare(bare) {
  await git(bare, ['config', 'http.receivepack', 'true']);
  await git(bare, ['config', 'uploadpack.allowReachableSHA1InWant', 'true']);
  fs.copyFileSync(
    path.join(here, 'post-receive'),
    path.join(bare, 'hooks', 'post-receive'),
  );
  fs.chmodSync(path.join(bare, 'hooks', 'post-receive'), 0o755);
}

/**
 * Handles the management routes; false when the request is not one of them.
 *
 * @param {{ root: string, baseUrl: string }} server the repositories folder and the server's URL
 */
export async function handleRepoApi(server, req, res, pathname) {
  const raw = /^\/raw\/([^/]+)\/(.+)$/.exec(pathname);
  if (raw && req.method === 'GET') {
    const name = decodeURIComponent(raw[1]);
    const rest = decodeURIComponent(raw[2]);
    const bare = path.join(server.root, `${name}.git`);
    if (!NAME.test(name) || !fs.existsSync(bare)) {
      fail(res, 404, `no repository ${name}`);
      return true;
    }
    // the ref is the longest prefix naming a branch, tag or commit: refs may contain slashes
    const parts = rest.split('/');
    for (let i = parts.length - 1; i >= 1; i--) {
      const ref = parts.slice(0, i).join('/');
      const file = parts.slice(i).join('/');
      if (!REF.test(ref) || file.split('/').includes('..')) continue;
      try {
        const { stdout } = await execFileP(
          'git',
          ['--git-dir', bare, 'show', `${ref}:${file}`],
          { encoding: 'buffer', maxBuffer: 16 << 20 },
        );
        res
          .writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
          .end(stdout);
        return true;
      } catch {
        // not this split: try a shorter ref
      }
    }
    fail(res, 404, `no file ${rest} in ${name}`);
    return true;
  }
  const api = /^\/api\/repos\/([^/]+)(\/webhook)?$/.exec(pathname);
  if (!api) return false;
  const name = decodeURIComponent(api[1]);
  if (!NAME.test(name)) {
    fail(res, 400, `repository names are letters, digits, '.', '_' and '-'`);
    return true;
  }
  const bare = path.join(server.root, `${name}.git`);
  const exists = fs.existsSync(path.join(bare, 'HEAD'));
  const describe = async () => {
    const url = await config(bare, 'cellport.webhook.url');
    return {
      name,
      url: `${server.baseUrl}/git/${name}.git`,
      branches: await branches(bare),
      webhook: url ? { url } : null,
    };
  };
  try {
    if (!api[2] && req.method === 'GET') {
      if (!exists) fail(res, 404, `no repository ${name}`);
      else send(res, 200, await describe());
    } else if (!api[2] && req.method === 'PUT') {
      if (!exists) {
        await execFileP('git', ['init', '-q', '--bare', '-b', 'main', bare]);
      }
      await prepare(bare);
      send(res, exists ? 200 : 201, await describe());
    } else if (api[2] && req.method === 'PUT') {
      if (!exists) {
        fail(res, 404, `no repository ${name}`);
        return true;
      }
      const body = await readJson(req);
      if (
        typeof body.url !== 'string' ||
        !/^https?:\/\/\S+$/.test(body.url) ||
        typeof body.token !== 'string' ||
        !body.token
      ) {
        fail(res, 400, 'a webhook needs an http(s) url and a token');
        return true;
      }
      await git(bare, ['config', 'cellport.webhook.url', body.url]);
      await git(bare, ['config', 'cellport.webhook.token', body.token]);
      send(res, 200, await describe());
    } else {
      fail(res, 405, `${req.method} is not allowed here`);
    }
  } catch (e) {
    fail(res, e instanceof SyntaxError ? 400 : 500, String(e?.message ?? e));
  }
  return true;
}

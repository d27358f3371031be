// A local git server: git's own smart HTTP (`git http-backend`, CGI) behind a small Node HTTP
// server on loopback. Serves the bare repositories of a folder at /git/<name>.git; pushes are
// accepted (loopback only, user `git`) and run each repository's hooks (post-receive sends the
// signed webhook). A small management API (git-repos.mjs) creates repositories, registers their
// webhook and serves a file at a ref. Used by scripts/builds-local.sh for the embedded defaults and the tests.
//
//   node git-http-server.mjs --root DIR --port PORT [--host 127.0.0.1]
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { handleRepoApi } from './git-repos.mjs';

const { values } = parseArgs({
  options: {
    root: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});
if (!values.root || !values.port) {
  console.error(
    'usage: git-http-server.mjs --root DIR --port PORT [--host 127.0.0.1]',
  );
  process.exit(2);
}
const root = path.resolve(values.root);

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://local');
  if (url.pathname === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    return;
  }
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/raw/')) {
    const served = { root, baseUrl: `http://${values.host}:${values.port}` };
    handleRepoApi(served, req, res, url.pathname).then(handled => {
      if (!handled) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      }
    });
    return;
  }
  const match = /^\/git(\/[A-Za-z0-9._-]+\.git\/.*)$/.exec(url.pathname);
  if (!match || match[1].includes('/../')) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  const env = {
    PATH: process.env.PATH,
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: match[1],
    REQUEST_METHOD: req.method,
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_USER: 'git',
    REMOTE_ADDR: req.socket.remoteAddress ?? '',
    GIT_PROTOCOL: req.headers['git-protocol'] ?? '',
    HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
    // the hooks need to know where the repository is served
    CELLPORT_GIT_URL: `http://${values.host}:${
      values.port
    }/git${match[1].replace(/\.git\/.*$/, '.git')}`,
  };
  if (req.headers['content-length'])
    env.CONTENT_LENGTH = req.headers['content-length'];
  const cgi = spawn('git', ['http-backend'], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  req.pipe(cgi.stdin);
  let head = Buffer.alloc(0);
  let headersDone = false;
  cgi.stdout.on('data', chunk => {
    if (headersDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    let end = head.indexOf('\r\n\r\n');
    let sepLength = 4;
    if (end < 0) {
      end = head.indexOf('\n\n');
      sepLength = 2;
    }
    if (end < 0) return;
    headersDone = true;
    let status = 200;
    const headers = {};
    for (const line of head.subarray(0, end).toString('utf8').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status')
        status = Number(value.split(' ')[0]) || 200;
      else headers[name] = value;
    }
    res.writeHead(status, headers);
    res.write(head.subarray(end + sepLength));
  });
  // git's progress and hook output go to stderr: keep them in the server log
  cgi.stderr.on('data', chunk => process.stderr.write(chunk));
  cgi.on('close', code => {
    if (!headersDone) {
      res
        .writeHead(500, { 'content-type': 'text/plain' })
        .end(`git http-backend exited with ${code}\n`);
      return;
    }
    res.end();
  });
  req.on('error', () => cgi.kill());
});
server.listen(Number(values.port), values.host, () => {
  console.log(
    `git server: http://${values.host}:${values.port}/git/ serving ${root}`,
  );
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}

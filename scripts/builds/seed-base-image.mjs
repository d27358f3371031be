// Pushes the base image `library/base:1` (busybox with a shell, assembled with buildah from
// scratch: no network needed) to the local Cellport registry, in the public image group `library`,
// so Dockerfiles `FROM library/base:1` build offline. Idempotent: does nothing when the tag exists.
// Needs the portal running (it creates the group through the registry API as the guest user).
//
//   node seed-base-image.mjs --portal URL --registry HOST:PORT --state-dir DIR
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    portal: { type: 'string' },
    registry: { type: 'string' },
    'state-dir': { type: 'string' },
    busybox: { type: 'string', default: '/bin/busybox' },
  },
});
const { portal, registry } = values;
const stateDir = values['state-dir'];
if (!portal || !registry || !stateDir) {
  console.error(
    'usage: seed-base-image.mjs --portal URL --registry HOST:PORT --state-dir DIR',
  );
  process.exit(2);
}
const IMAGE = 'library/base';
const TAG = '1';

async function api(method, p, token, body) {
  const res = await fetch(`${portal}${p}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: body && JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const guest = await fetch(`${portal}/api/auth/guest/refresh`, {
  headers: { 'x-requested-with': 'XMLHttpRequest' },
});
if (!guest.ok) throw new Error(`guest sign-in failed: ${guest.status}`);
const token = (await guest.json()).backstageIdentity.token;

const group = await api('POST', '/api/registry/groups', token, {
  name: 'library',
  visibility: 'public',
  description: 'Base images for builds',
});
if (![201, 409].includes(group.status))
  throw new Error(
    `creating image group library: ${group.status} ${JSON.stringify(
      group.body,
    )}`,
  );
const repo = await api(
  'POST',
  '/api/registry/groups/library/repositories',
  token,
  { name: 'base', description: 'busybox with a shell' },
);
if (![201, 409].includes(repo.status))
  throw new Error(
    `creating repository ${IMAGE}: ${repo.status} ${JSON.stringify(repo.body)}`,
  );
const tags = await api(
  'GET',
  `/api/registry/repositories/${IMAGE}/tags`,
  token,
);
if (tags.status === 200 && JSON.stringify(tags.body).includes(`"${TAG}"`)) {
  console.log(`base image ${registry}/${IMAGE}:${TAG} is already there`);
  process.exit(0);
}
const pat = await api('POST', '/api/registry/tokens', token, {
  name: `base-image-seed-${Date.now()}`,
  expiresInDays: 1,
});
if (pat.status !== 201)
  throw new Error(
    `personal access token: ${pat.status} ${JSON.stringify(pat.body)}`,
  );

const dir = path.resolve(stateDir);
fs.mkdirSync(dir, { recursive: true });
const storageConf = path.join(dir, 'storage.conf');
fs.writeFileSync(
  storageConf,
  `[storage]\ndriver = "vfs"\nrunroot = "${dir}/run"\ngraphroot = "${dir}/storage"\n`,
);
const env = {
  ...process.env,
  CONTAINERS_STORAGE_CONF: storageConf,
  BUILDAH_ISOLATION: 'chroot',
  HOME: dir,
};
const run = (cmd, args) =>
  execFileSync(cmd, args, {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
const container = run('buildah', ['from', 'scratch']);
try {
  run('buildah', ['copy', container, values.busybox, '/bin/busybox']);
  run('buildah', [
    'run',
    container,
    '--',
    '/bin/busybox',
    '--install',
    '-s',
    '/bin',
  ]);
  run('buildah', [
    'run',
    container,
    '--',
    '/bin/busybox',
    'mkdir',
    '-p',
    '/tmp',
    '/etc',
  ]);
  run('buildah', [
    'config',
    '--env',
    'PATH=/bin',
    '--cmd',
    '["/bin/sh"]',
    '--label',
    'org.opencontainers.image.title=cellport base',
    container,
  ]);
  run('buildah', ['commit', '-q', container, `localhost/${IMAGE}:${TAG}`]);
} finally {
  run('buildah', ['rm', container]);
}
run('skopeo', [
  'copy',
  '--dest-tls-verify=false',
  '--dest-creds',
  `${pat.body.username}:${pat.body.token}`,
  `containers-storage:localhost/${IMAGE}:${TAG}`,
  `docker://${registry}/${IMAGE}:${TAG}`,
]);
await api('DELETE', `/api/registry/tokens/${pat.body.id}`, token);
console.log(`pushed the base image ${registry}/${IMAGE}:${TAG}`);

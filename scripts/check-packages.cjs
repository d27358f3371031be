#!/usr/bin/env node
/* eslint-disable no-console */
// Checks (or, with --fix, writes) the publishing fields of every publishable Cellport package, in the
// shape Backstage's own packages use: `publishConfig` with dist entry points, `files`, `configSchema`,
// `prepack`/`postpack`/`build` scripts, `backstage.role`/`pluginId`/`pluginPackages` and the web
// packages' React peer dependencies. Private packages are left alone.
//
//   node scripts/check-packages.cjs          exit 1 and list the differences
//   node scripts/check-packages.cjs --fix    rewrite the manifests (run it under the npm lock)
//
// Key order is kept; new keys go where Backstage's packages have them.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const fix = process.argv.includes('--fix');

/** The packages that are published: every plugin, and the two host agents. */
function publishableDirs() {
  const dirs = fs
    .readdirSync(path.join(root, 'plugins'))
    .map(d => `plugins/${d}`)
    .concat(['packages/slb-agent', 'packages/build-agent']);
  return dirs.filter(d => {
    const file = path.join(root, d, 'package.json');
    return (
      fs.existsSync(file) && !JSON.parse(fs.readFileSync(file, 'utf8')).private
    );
  });
}

const NODE_ROLES = ['backend-plugin', 'backend-plugin-module', 'node-library'];
const WEB_ROLES = ['frontend-plugin', 'web-library'];
const PLUGIN_PACKAGE_ROLES = [
  'frontend-plugin',
  'backend-plugin',
  'common-library',
  'web-library',
  'node-library',
];

/** Where `backstage-cli package prepack` points the entry points of a built package of this role. */
function entryPoints(role) {
  if (NODE_ROLES.includes(role)) {
    return { main: 'dist/index.cjs.js', types: 'dist/index.d.ts' };
  }
  if (role === 'common-library') {
    return {
      main: 'dist/index.cjs.js',
      module: 'dist/index.esm.js',
      types: 'dist/index.d.ts',
    };
  }
  if (WEB_ROLES.includes(role)) {
    return {
      main: 'dist/index.esm.js',
      module: 'dist/index.esm.js',
      types: 'dist/index.d.ts',
    };
  }
  throw new Error(`unexpected backstage.role '${role}'`);
}

/**
 * React peers as Backstage's web packages declare them (React 18: the plugins use `useId`); a
 * frontend plugin always peers on the app's router, a web library when it imports it.
 */
function webPeers(dir, role) {
  const usesRouter =
    role === 'frontend-plugin' || grepSrc(dir, /from 'react-router(-dom)?'/);
  return {
    '@types/react': '^18.0.0',
    react: '^18.0.0',
    'react-dom': '^18.0.0',
    ...(usesRouter ? { 'react-router-dom': '^6.30.2' } : {}),
  };
}

function grepSrc(dir, re) {
  const walk = d =>
    fs.readdirSync(d, { withFileTypes: true }).some(e => {
      const p = path.join(d, e.name);
      if (e.isDirectory()) return walk(p);
      return (
        /\.tsx?$/.test(e.name) &&
        !/\.test\.tsx?$/.test(e.name) &&
        re.test(fs.readFileSync(p, 'utf8'))
      );
    });
  return walk(path.join(root, dir, 'src'));
}

/** Inserts or replaces `key` in `obj`, keeping the order; a new key goes after the first of `after` present. */
function put(obj, key, value, after) {
  if (key in obj) {
    obj[key] = value;
    return obj;
  }
  const entries = Object.entries(obj);
  let at = entries.length;
  for (const a of after) {
    const i = entries.findIndex(([k]) => k === a);
    if (i >= 0) {
      at = i + 1;
      break;
    }
  }
  entries.splice(at, 0, [key, value]);
  return Object.fromEntries(entries);
}

function expected(dir, pkg, all) {
  let p = JSON.parse(JSON.stringify(pkg));
  const role = p.backstage?.role;
  if (!role) throw new Error(`${dir}: no backstage.role`);
  const hasConfig = fs.existsSync(path.join(root, dir, 'config.d.ts'));

  if (p.backstage.pluginId && PLUGIN_PACKAGE_ROLES.includes(role)) {
    const family = all
      .filter(o => o.pkg.backstage?.pluginId === p.backstage.pluginId)
      .filter(o => PLUGIN_PACKAGE_ROLES.includes(o.pkg.backstage.role))
      .map(o => o.pkg.name)
      .sort();
    p.backstage.pluginPackages = family;
  }
  p = put(p, 'publishConfig', { access: 'public', ...entryPoints(role) }, [
    'backstage',
    'license',
  ]);
  p = put(p, 'keywords', ['backstage', 'cellport'], ['publishConfig']);

  const files = ['dist'];
  if (hasConfig) files.push('config.d.ts');
  for (const extra of p.files ?? [])
    if (!files.includes(extra)) files.push(extra);
  p = put(p, 'files', files, ['typesVersions', 'exports', 'types']);

  const scripts = { ...p.scripts };
  const order = [
    'start',
    'build',
    'lint',
    'test',
    'clean',
    'prepack',
    'postpack',
  ];
  scripts.build = 'backstage-cli package build';
  scripts.prepack = 'backstage-cli package prepack';
  scripts.postpack = 'backstage-cli package postpack';
  const sorted = {};
  for (const k of order) if (k in scripts) sorted[k] = scripts[k];
  for (const k of Object.keys(scripts))
    if (!(k in sorted)) sorted[k] = scripts[k];
  p = put(p, 'scripts', sorted, ['files']);

  if (WEB_ROLES.includes(role)) {
    const peers = webPeers(dir, role);
    p = put(p, 'peerDependencies', peers, ['devDependencies', 'dependencies']);
    p = put(p, 'peerDependenciesMeta', { '@types/react': { optional: true } }, [
      'peerDependencies',
    ]);
    for (const k of Object.keys(peers))
      if (p.dependencies) delete p.dependencies[k];
  }
  if (hasConfig)
    p = put(p, 'configSchema', 'config.d.ts', Object.keys(p).reverse());
  return p;
}

function main() {
  const all = publishableDirs().map(dir => ({
    dir,
    file: path.join(root, dir, 'package.json'),
    pkg: JSON.parse(
      fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'),
    ),
  }));
  let differences = 0;
  for (const { dir, file, pkg } of all) {
    const want = expected(dir, pkg, all);
    const wantText = `${JSON.stringify(want, null, 2)}\n`;
    if (wantText === fs.readFileSync(file, 'utf8')) continue;
    differences++;
    if (fix) {
      fs.writeFileSync(file, wantText);
      console.log(`fixed ${dir}/package.json`);
    } else {
      const keys = new Set([...Object.keys(pkg), ...Object.keys(want)]);
      const changed = [...keys].filter(
        k => JSON.stringify(pkg[k]) !== JSON.stringify(want[k]),
      );
      console.log(
        `${dir}/package.json: ${
          changed.join(', ') || 'key order/formatting'
        } differ`,
      );
    }
  }
  if (differences && !fix) {
    console.log(
      'run `node scripts/check-packages.cjs --fix` (under the npm lock) to rewrite them',
    );
    process.exit(1);
  }
  if (!differences)
    console.log(
      `${all.length} publishable packages: publishing fields as expected`,
    );
}

main();

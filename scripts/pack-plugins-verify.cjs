#!/usr/bin/env node
/* eslint-disable no-console */
// Checks a packed tarball (scripts/pack-plugins.sh): every file its package.json points at (main,
// module, types, bin, configSchema and each exports condition) is in the tarball.
//   node scripts/pack-plugins-verify.cjs <tarball.tgz>
const { execFileSync } = require('node:child_process');

const tarball = process.argv[2];
const list = new Set(
  execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map(f => f.replace(/^package\//, '')),
);
const pkg = JSON.parse(
  execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], {
    encoding: 'utf8',
  }),
);
const targets = [];
for (const key of ['main', 'module', 'types', 'configSchema']) {
  if (typeof pkg[key] === 'string') targets.push([key, pkg[key]]);
}
const bins = typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : pkg.bin;
for (const [name, file] of Object.entries(bins ?? {}))
  targets.push([`bin ${name}`, file]);
const walk = (value, at) => {
  if (typeof value === 'string') targets.push([`exports ${at}`, value]);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      if (k !== 'backstage') walk(v, `${at} ${k}`);
  }
};
walk(pkg.exports, '');
const missing = targets.filter(
  ([, file]) => !list.has(file.replace(/^\.\//, '')),
);
for (const [key, file] of missing) {
  console.error(
    `${pkg.name}: ${key} points at ${file}, which is not in ${tarball}`,
  );
}
if (!pkg.types) console.error(`${pkg.name}: no types`);
process.exit(missing.length || !pkg.types ? 1 : 0);

#!/usr/bin/env node
/*
 * Builds the backend's dist workspace under npm: what `backstage-cli package build` does for a backend
 * (the backend transpiled, every local package it loads transpiled and production-packed, a skeleton of
 * their package.json files and a bundle of everything) without the two steps that need yarn:
 *  - the frontend (`app`, a bundled package) is built beforehand by scripts/build-app.sh, not by
 *    `yarn run build`, so it is excluded from the dependency builds;
 *  - the lockfile copied into the workspace is npm's package-lock.json, not yarn.lock.
 *
 * Output: packages/backend/dist/skeleton.tar.gz and packages/backend/dist/bundle.tar.gz, the same
 * files (same layout) as Backstage's yarn build, so the usual Dockerfile shape applies.
 *
 * usage (from the repository root, under Node 22): node packages/backend/scripts/build-dist.cjs
 */
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const backendDir = path.resolve(__dirname, '..');
const fromBackend = id => require(require.resolve(id, { paths: [backendDir] }));
const cliBuildDir = path.dirname(
  require.resolve('@backstage/cli-module-build/package.json', {
    paths: [
      path.dirname(
        require.resolve('@backstage/cli/package.json', { paths: [backendDir] }),
      ),
    ],
  }),
);
// internal modules of the CLI's build module (the ones `package build` itself uses)
const { createDistWorkspace } = require(path.join(
  cliBuildDir,
  'dist/lib/packager/createDistWorkspace.cjs.js',
));
const { buildPackage } = require(path.join(
  cliBuildDir,
  'dist/lib/builder/packager.cjs.js',
));
const { Output } = require(path.join(
  cliBuildDir,
  'dist/lib/builder/types.cjs.js',
));
const { PackageGraph } = fromBackend('@backstage/cli-node');
const tar = require(require.resolve('tar', { paths: [cliBuildDir] }));

async function main() {
  const pkg = JSON.parse(
    fs.readFileSync(path.join(backendDir, 'package.json'), 'utf8'),
  );
  const appIndex = path.resolve(backendDir, '../app/dist/index.html');
  if (!fs.existsSync(appIndex)) {
    throw new Error(
      `${appIndex} is missing: build the frontend first (scripts/build-app.sh)`,
    );
  }
  const workspacePackages = await PackageGraph.listTargetPackages();
  await buildPackage({
    targetDir: backendDir,
    packageJson: pkg,
    outputs: new Set([Output.cjs]),
    workspacePackages,
  });
  const tmpDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'cellport-backend-dist-'),
  );
  try {
    await createDistWorkspace([pkg.name], {
      targetDir: tmpDir,
      buildDependencies: true,
      // the backend was built above; the frontend by scripts/build-app.sh (its build would spawn yarn)
      buildExcludes: [pkg.name, 'app'],
      files: ['package.json', 'package-lock.json'],
      skeleton: 'skeleton.tar.gz',
    });
    const distDir = path.join(backendDir, 'dist');
    fs.rmSync(distDir, { recursive: true, force: true });
    fs.mkdirSync(distDir);
    fs.renameSync(
      path.join(tmpDir, 'skeleton.tar.gz'),
      path.join(distDir, 'skeleton.tar.gz'),
    );
    await tar.create(
      {
        file: path.join(distDir, 'bundle.tar.gz'),
        cwd: tmpDir,
        portable: true,
        noMtime: true,
        gzip: true,
      },
      [''],
    );
    console.log(
      `cellport: wrote ${path.relative(
        process.cwd(),
        distDir,
      )}/skeleton.tar.gz and bundle.tar.gz`,
    );
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error.stack ?? String(error));
  process.exit(1);
});

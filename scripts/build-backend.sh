#!/usr/bin/env bash
# Builds the production backend and installs it into a deploy folder that runs without the repository's
# node_modules or the development transform:
#   1. the frontend bundle (scripts/build-app.sh), served by the backend's app plugin;
#   2. the backend's dist workspace (packages/backend/scripts/build-dist.cjs): the backend and every local
#      package it loads transpiled to JavaScript, production-packed (dist entry points, compiled config
#      schemas), as packages/backend/dist/skeleton.tar.gz (their package.json files) and bundle.tar.gz;
#   3. the deploy folder: skeleton + the root package.json and package-lock.json (the same versions as
#      development), `npm install --omit=dev --prefer-offline`, then the bundle on top: the same steps,
#      in the same order, as packages/backend/Dockerfile.
# Quick when nothing changed: a stamp of the inputs skips the build, a stamp of the skeleton and the lock
# skips the install. Run the result with `node packages/backend` from the deploy folder (scripts/start.sh
# does, when CELLPORT_BACKEND_MODE=production).
#
#   scripts/build-backend.sh [DEPLOY_DIR]      default: $CELLPORT_STATE_DIR/backend-dist
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib/node.sh"
. "$here/lib/ports.sh"
. "$here/lib/buildlock.sh"
cd "$CELLPORT_ROOT"

deploy="${1:-$CELLPORT_STATE_DIR/backend-dist}"
mkdir -p "$deploy" .cache

bash "$here/build-app.sh"

inputs_hash() {
  {
    node -v
    cat .cache/app-build.stamp
    find packages/backend plugins -path '*/node_modules' -prune -o -path '*/dist' -prune -o -path '*/dist-types' -prune \
      -o -type f \( -name '*.ts' -o -name '*.tsx' -o -name '*.js' -o -name '*.cjs' -o -name '*.mjs' -o -name '*.json' -o -name '*.yaml' \) -print |
      LC_ALL=C sort | xargs sha256sum
    sha256sum package.json package-lock.json
  } | sha256sum | cut -d' ' -f1
}

want=$(inputs_hash)
if [ -f "$deploy/.build.stamp" ] && [ "$(cat "$deploy/.build.stamp")" = "$want" ] &&
  [ -f "$deploy/packages/backend/dist/index.cjs.js" ]; then
  echo "cellport: production backend up to date in $deploy"
  exit 0
fi

echo "cellport: building the production backend into $deploy"
work="$deploy/.build"
rm -rf "$work" && mkdir -p "$work"
# packages/*/dist and plugins/*/dist are shared by every instance's build: one backend build at a time,
# under a lock of its own. It packs packages/app/dist too, so it also holds the frontend's lock shared:
# no frontend build rewrites the bundle meanwhile, and backend builds do not wait for one another on it
(
  build_lock "$CELLPORT_BACKEND_BUILD_LOCK"
  build_lock "$CELLPORT_APP_BUILD_LOCK" shared
  node packages/backend/scripts/build-dist.cjs
  cp packages/backend/dist/skeleton.tar.gz packages/backend/dist/bundle.tar.gz package.json package-lock.json "$work/"
)

# the deploy folder: packages from the skeleton, production dependencies, then the bundle
install_want=$( (cat "$work/skeleton.tar.gz" "$work/package.json" "$work/package-lock.json"; node -v) | sha256sum | cut -d' ' -f1)
# the previous build's package files go; their nested node_modules (npm's per-workspace installs) stay
rm -f "$deploy/.build.stamp"
for d in "$deploy/packages" "$deploy/plugins"; do
  [ -d "$d" ] && find "$d" -mindepth 2 -maxdepth 2 ! -name node_modules -exec rm -rf {} +
done
tar xzf "$work/skeleton.tar.gz" -C "$deploy"
cp "$work/package.json" "$work/package-lock.json" "$deploy/"
[ -f .npmrc ] && cp .npmrc "$deploy/"
if [ -f "$deploy/.install.stamp" ] && [ "$(cat "$deploy/.install.stamp")" = "$install_want" ] && [ -d "$deploy/node_modules" ]; then
  echo "cellport: production dependencies up to date"
else
  rm -f "$deploy/.install.stamp"
  # install scripts are skipped: the only native module the backend needs is better-sqlite3 (below);
  # keytar (optional) cannot build here and protobufjs/core-js only print
  (cd "$deploy" && npm install --omit=dev --prefer-offline --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$install_want" >"$deploy/.install.stamp"
fi
# better-sqlite3's native binding: the one built for this Node in the repository when the versions
# match (compiling it takes minutes on 2 cores), otherwise built here
sqlite_dir="$deploy/node_modules/better-sqlite3"
sqlite_loads() { (cd "$deploy" && node -e 'new (require("better-sqlite3"))(":memory:").close()') >/dev/null 2>&1; }
if [ -d "$sqlite_dir" ] && ! sqlite_loads; then
  v() { node -p 'require(require("node:path").resolve(process.argv[1])).version' "$1/package.json"; }
  if [ -f node_modules/better-sqlite3/build/Release/better_sqlite3.node ] && [ "$(v "$sqlite_dir")" = "$(v node_modules/better-sqlite3)" ]; then
    mkdir -p "$sqlite_dir/build/Release"
    cp node_modules/better-sqlite3/build/Release/better_sqlite3.node "$sqlite_dir/build/Release/"
  fi
  # compiled against this Node's headers (npm's configured nodedir may be another Node's)
  if ! sqlite_loads; then
    [ -n "${CELLPORT_NODEDIR:-}" ] && export npm_config_nodedir="$CELLPORT_NODEDIR"
    (cd "$deploy" && npm rebuild better-sqlite3 --loglevel=error)
  fi
  sqlite_loads || { echo "cellport: better-sqlite3 does not load in $deploy" >&2; exit 1; }
fi
tar xzf "$work/bundle.tar.gz" -C "$deploy"
# $deploy/.build keeps the tarballs and manifests this folder was made from (the image build uses them)
echo "$want" >"$deploy/.build.stamp"
echo "cellport: production backend ready in $deploy (node packages/backend)"

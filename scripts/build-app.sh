#!/usr/bin/env bash
# Builds the frontend bundle (packages/app/dist) when its sources, or any plugin's, changed since the last build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib/node.sh"
. "$here/lib/buildlock.sh"
cd "$CELLPORT_ROOT"
# packages/app/dist is shared by every instance: one frontend build at a time, and none while a
# production backend build packs it (scripts/build-backend.sh)
build_lock "$CELLPORT_APP_BUILD_LOCK"

stamp=.cache/app-build.stamp
sources_hash() {
  {
    node -v
    find packages/app plugins -path '*/node_modules' -prune -o -path '*/dist' -prune -o -path '*/dist-types' -prune \
      -o -type f \( -name '*.ts' -o -name '*.tsx' -o -name '*.css' -o -name 'package.json' -o -name '*.html' \) -print |
      LC_ALL=C sort | xargs sha256sum
    sha256sum package-lock.json 2>/dev/null || true
  } | sha256sum | cut -d' ' -f1
}
want=$(sources_hash)
if [ -f packages/app/dist/index.html ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "cellport: frontend bundle up to date"
  exit 0
fi
echo "cellport: building the frontend bundle"
(cd packages/app && npx backstage-cli package build)
mkdir -p .cache
echo "$want" >"$stamp"

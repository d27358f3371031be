#!/usr/bin/env bash
# Supported Node + dependencies. Safe to re-run: installs only when package manifests changed.
set -euo pipefail
. "$(dirname "$0")/lib/node.sh"
cd "$CELLPORT_ROOT"

stamp=.cache/install.stamp
want=$( { node -v; cat package.json package-lock.json 2>/dev/null; cat packages/*/package.json plugins/*/package.json test/package.json 2>/dev/null; } | sha256sum | cut -d' ' -f1)
if [ -d node_modules ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "cellport: dependencies up to date (node $(node -v))"
  exit 0
fi
echo "cellport: installing dependencies with node $(node -v), npm $(npm -v)"
# `npm install` rather than `npm ci`: the lockfile lacks other platforms' optional binaries (see README).
if [ -n "${CELLPORT_NODEDIR:-}" ]; then
  export npm_config_nodedir="$CELLPORT_NODEDIR"
fi
npm install --no-audit --no-fund --loglevel=error
mkdir -p .cache
# the manifests may have been rewritten by the install; record the state after it
want=$( { node -v; cat package.json package-lock.json 2>/dev/null; cat packages/*/package.json plugins/*/package.json test/package.json 2>/dev/null; } | sha256sum | cut -d' ' -f1)
echo "$want" > "$stamp"

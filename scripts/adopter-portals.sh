#!/usr/bin/env bash
# The adopter's proof (issue 17): two stock Backstage portals as @backstage/create-app makes them
# (test/fixtures/portals: `legacy` frontend system and `nfs`, the new one), each with its own backend,
# install the Cellport plugins from `npm pack` tarballs (never the workspace), are built, started one
# after the other against real infrastructure (simulated cells, the Docker registry with token auth
# pointed at the portal's /api/registry/token, SQLite) and walked through in Chromium
# (test/src/adopters). Run by scripts/test-all.sh after the end-to-end step.
#
#   scripts/adopter-portals.sh [legacy|nfs ...]   default: both
#
# Instance `adopter` (ports in scripts/lib/ports.sh). The fixtures are copied to a folder outside the
# repository (CELLPORT_ADOPTER_DIR, default $TMPDIR/cellport-adopter-<instance>) so that nothing
# resolves from the repository's node_modules; their node_modules is kept between runs.
# Stops everything it started, by PID, on exit.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib/node.sh"
. "$here/lib/proc.sh"
export CELLPORT_INSTANCE=${CELLPORT_INSTANCE:-adopter}
[ "$CELLPORT_INSTANCE" = dev ] || [ "$CELLPORT_INSTANCE" = test ] &&
  { echo "adopter-portals: use an instance of its own (CELLPORT_INSTANCE=adopter), not '$CELLPORT_INSTANCE'" >&2; exit 2; }
. "$here/lib/ports.sh"
cd "$CELLPORT_ROOT"

portals=("$@")
[ ${#portals[@]} -gt 0 ] || portals=(legacy nfs)
fixture="$CELLPORT_ROOT/test/fixtures/portals"
work=${CELLPORT_ADOPTER_DIR:-${TMPDIR:-/tmp}/cellport-adopter-$CELLPORT_INSTANCE}
packs=${CELLPORT_ADOPTER_PACKS_DIR:-$CELLPORT_STATE_DIR/packs}
mkdir -p "$CELLPORT_RUN_DIR" "$work"
log() { echo "adopter-portals: $*"; }
declare -A took=()
timed() { # timed LABEL cmd... : runs the command, records its seconds, returns its status
  local label=$1 t0=$SECONDS rc=0
  shift
  "$@" || rc=$?
  took[$label]=$((SECONDS - t0))
  return $rc
}

cleanup() {
  bg_stop "$CELLPORT_RUN_DIR/backend.pid" 20
  bg_stop "$CELLPORT_RUN_DIR/dev-oidc.pid" 10
  bg_stop "$CELLPORT_RUN_DIR/cell-sim.pid" 20
  bash "$here/infra.sh" stop registry >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap "exit 143" TERM INT

# --- 1. the tarballs: the Cellport packages the portals install (and those they depend on), built
# and packed as they would be published (scripts/pack-plugins.sh) --------------------------------
mapfile -t pack_dirs < <(node "$fixture/add-cellport-tarballs.cjs" --package-dirs "$CELLPORT_ROOT")
if [ -z "${CELLPORT_ADOPTER_SKIP_PACK:-}" ]; then
  rm -rf "$packs" && mkdir -p "$packs"
  pack_out="$CELLPORT_RUN_DIR/pack.out"
  timed pack bash "$here/pack-plugins.sh" --dest "$packs" "${pack_dirs[@]}" >"$pack_out"
fi
shopt -s nullglob
tarballs=("$packs"/*.tgz)
[ ${#tarballs[@]} -ge ${#pack_dirs[@]} ] ||
  { echo "adopter-portals: ${#tarballs[@]} tarballs in $packs, ${#pack_dirs[@]} needed (scripts/pack-plugins.sh makes them)" >&2; exit 1; }
log "${#tarballs[@]} tarballs in $packs"

# --- 2. the fixtures, outside the repository, with the tarballs added as an adopter adds packages --
# a fresh copy of the fixture; the root node_modules is kept between runs (a warm install).
# CELLPORT_ADOPTER_REUSE=1 (while developing the tests): the last run's install and app builds stay
reuse=${CELLPORT_ADOPTER_REUSE:-}
mkdir -p "$work/portals"
[ -n "$reuse" ] || find "$work/portals" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} +
cp -a "$fixture/." "$work/portals/"
node "$work/portals/add-cellport-tarballs.cjs" "$work/portals" "${tarballs[@]}"
install_fixtures() {
  # the tarballs change with every build while their versions stay: always extract them afresh
  rm -rf "$work/portals/node_modules/@cellport"
  (cd "$work/portals" && npm_config_nodedir="${CELLPORT_NODEDIR:-}" npm install --no-audit --no-fund --loglevel=error)
}
if [ -z "$reuse" ]; then
  timed install install_fixtures
  # the portals' code type-checks against the packed type declarations, as in an adopter's repository
  typecheck_fixtures() { (cd "$work/portals" && npx tsc --noEmit); }
  timed "type check" typecheck_fixtures
fi

# --- 3. infrastructure: the development OIDC provider (sign-in as the fixture's catalog users), the
# registry with token auth pointed at the portal's backend; simulated cells per portal (step 4) ----
if ! pid_alive "$CELLPORT_RUN_DIR/dev-oidc.pid"; then
  DEV_OIDC_PORT="$CELLPORT_OIDC_PORT" PORTAL_URL="$CELLPORT_URL" CATALOG_ORG_FILE="$work/portals/catalog/org.yaml" \
    bg_start dev-oidc "$CELLPORT_RUN_DIR" "$CELLPORT_RUN_DIR/dev-oidc.log" node packages/dev-oidc/src/server.mjs
fi
bash "$here/infra.sh" start registry
eval "$(bash "$here/infra.sh" env registry)"
wait_http "http://127.0.0.1:$CELLPORT_OIDC_PORT/.well-known/openid-configuration" 60 "$CELLPORT_RUN_DIR/dev-oidc.pid" ||
  { tail -n 20 "$CELLPORT_RUN_DIR/dev-oidc.log" >&2; exit 1; }

# start_cells: two fresh simulated cells (region dev), so each portal starts from empty cells
cells_json="$CELLPORT_STATE_DIR/cells/cells.json"
start_cells() {
  bg_stop "$CELLPORT_RUN_DIR/cell-sim.pid" 20
  rm -rf "$CELLPORT_STATE_DIR/cells"
  CELL_SIM_PULL_REGISTRIES="$CELLPORT_REGISTRY_HOST" bg_start cell-sim "$CELLPORT_RUN_DIR" "$CELLPORT_RUN_DIR/cell-sim.log" \
    node "$CELLPORT_ROOT/packages/cell-sim/bin/cell-sim" --region dev --cells dev-1,dev-2 \
    --port-base "$CELLPORT_SIM_PORT_BASE" --state-dir "$CELLPORT_STATE_DIR/cells"
  for _ in $(seq 1 600); do
    [ -f "$cells_json" ] && return 0
    pid_alive "$CELLPORT_RUN_DIR/cell-sim.pid" || break
    sleep 0.2
  done
  echo "adopter-portals: the simulated cells did not start" >&2
  tail -n 20 "$CELLPORT_RUN_DIR/cell-sim.log" >&2
  return 1
}
start_cells

runtime_config="$CELLPORT_RUN_DIR/app-config.runtime.yaml"
cells_yaml=$(node -e '
  const s = require(process.argv[1]);
  for (const c of s.cells) console.log(`          - { name: ${c.name}, kubeconfigFile: "${c.kubeconfig}", simulated: true }`);' "$cells_json")
cat >"$runtime_config" <<YAML
# generated by scripts/adopter-portals.sh; do not edit
app:
  baseUrl: $CELLPORT_URL
backend:
  baseUrl: $CELLPORT_URL
  listen: { host: 127.0.0.1, port: $CELLPORT_BACKEND_PORT }
  cors: { origin: $CELLPORT_URL }
auth:
  providers:
    oidc:
      development:
        metadataUrl: http://127.0.0.1:$CELLPORT_OIDC_PORT/.well-known/openid-configuration
registry:
  url: $CELLPORT_REGISTRY_URL
  tokenKeyFile: $CELLPORT_REGISTRY_TOKEN_KEY
  tokenCertFile: $CELLPORT_REGISTRY_TOKEN_CERT
  webhookSecretFile: $CELLPORT_REGISTRY_WEBHOOK_SECRET_FILE
cellport:
  cells:
    regions:
      - name: dev
        cells:
$cells_yaml
YAML

# --- 4. each portal: build its frontend, start its backend, walk through it in Chromium ------------
status=0
for portal in "${portals[@]}"; do
  dir="$work/portals/$portal"
  [ -d "$dir" ] || { echo "adopter-portals: no portal '$portal' (legacy, nfs)" >&2; exit 2; }
  build_app() {
    # the bundler lists every chunk: keep that in a log, print the size summary's head
    (cd "$dir/packages/app" && npx backstage-cli package build --config ../../app-config.yaml) \
      >"$CELLPORT_RUN_DIR/build-$portal.log" 2>&1 || { tail -n 40 "$CELLPORT_RUN_DIR/build-$portal.log" >&2; return 1; }
    grep -v 'dist/static/' "$CELLPORT_RUN_DIR/build-$portal.log" | tail -n 5
    log "$portal app: $(du -sk "$dir/packages/app/dist" | cut -f1) KB in dist (build log $CELLPORT_RUN_DIR/build-$portal.log)"
  }
  if [ -z "$reuse" ] || [ ! -f "$dir/packages/app/dist/index.html" ]; then
    timed "build $portal" build_app
  fi
  [ "$portal" = "${portals[0]}" ] || start_cells
  start_backend() {
    cd "$dir/packages/backend"
    NODE_ENV=development exec setsid node --require @backstage/cli/config/nodeTransform.cjs src/index.ts \
      --config ../../app-config.yaml --config "$runtime_config"
  }
  if curl -s -o /dev/null --max-time 2 "$CELLPORT_URL"; then
    echo "adopter-portals: something already answers at $CELLPORT_URL; stop it first" >&2
    exit 1
  fi
  t0=$SECONDS
  (start_backend) >"$CELLPORT_RUN_DIR/backend-$portal.log" 2>&1 </dev/null &
  echo $! >"$CELLPORT_RUN_DIR/backend.pid"
  if ! wait_http "$CELLPORT_URL/.backstage/health/v1/readiness" 240 "$CELLPORT_RUN_DIR/backend.pid"; then
    echo "adopter-portals: the $portal backend did not become ready; last log lines:" >&2
    tail -n 40 "$CELLPORT_RUN_DIR/backend-$portal.log" >&2
    status=1
    bg_stop "$CELLPORT_RUN_DIR/backend.pid" 20
    continue
  fi
  took["ready $portal"]=$((SECONDS - t0))
  log "$portal portal ready at $CELLPORT_URL (log $CELLPORT_RUN_DIR/backend-$portal.log)"
  run_tests() {
    (cd "$CELLPORT_ROOT/test" && CI=true CELLPORT_ADOPTER_PORTAL=$portal CELLPORT_URL=$CELLPORT_URL \
      CELLPORT_REGISTRY_HOST=$CELLPORT_REGISTRY_HOST \
      npx backstage-cli package test --ci --runInBand "src/adopters/$portal")
  }
  timed "test $portal" run_tests || status=1
  bg_stop "$CELLPORT_RUN_DIR/backend.pid" 20
done

echo
log "figures (seconds, load average $(cut -d' ' -f1-3 /proc/loadavg)):"
for k in pack install "type check" "${!took[@]}"; do
  [ -n "${took[$k]:-}" ] && printf '  %-14s %5s s\n' "$k" "${took[$k]}" && unset "took[$k]"
done
exit $status

#!/usr/bin/env bash
# Starts the whole portal on its embedded defaults: supported Node, dependencies, the frontend build,
# local infrastructure (etcd, registry, Nginx, Prometheus), two simulated cells, the development OIDC
# provider and the backend serving the app. Prints the URL.
#
#   npm start                     foreground; Ctrl-C stops what this started (infrastructure keeps running)
#   npm start -- --background     returns once the portal is ready (used by the test suite); `npm run stop` stops it
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib/node.sh"
. "$here/lib/proc.sh"
. "$here/lib/ports.sh"
cd "$CELLPORT_ROOT"

background=false
for arg in "$@"; do
  case "$arg" in
    --background) background=true ;;
    *) echo "usage: npm start [-- --background]" >&2; exit 2 ;;
  esac
done

bash "$here/bootstrap.sh"
bash "$here/build-app.sh"
# CELLPORT_BACKEND_MODE: development (the TypeScript sources through Backstage's development transform,
# `npm start`'s fast loop; the default) or production (built to JavaScript by scripts/build-backend.sh and
# run from its deploy folder with NODE_ENV=production; the default of the test instance, so CI proves it)
backend_mode=${CELLPORT_BACKEND_MODE:-development}
[ "$CELLPORT_INSTANCE" = test ] && backend_mode=${CELLPORT_BACKEND_MODE:-production}
backend_deploy="$CELLPORT_STATE_DIR/backend-dist"
case "$backend_mode" in
  development) ;;
  production) bash "$here/build-backend.sh" "$backend_deploy" ;;
  *) echo "cellport: CELLPORT_BACKEND_MODE must be development or production, not '$backend_mode'" >&2; exit 2 ;;
esac
bash "$here/infra.sh" start
eval "$(bash "$here/infra.sh" env)"
# the LB group dev-public: two slb agents, each with its own Nginx (127.0.0.11 and 127.0.0.12)
bash "$here/slb-agents.sh" start || echo "cellport: warning: the LB agents did not start; domains serve no traffic" >&2

mkdir -p "$CELLPORT_RUN_DIR" "$CELLPORT_STATE_DIR/data/sqlite" "$CELLPORT_STATE_DIR/cells"

# --- simulated cells: region dev, cells dev-1 and dev-2 -------------------------------------------
if ! pid_alive "$CELLPORT_RUN_DIR/cell-sim.pid"; then
  # the simulated nodes pull images from the local registry (with the pods' imagePullSecrets)
  CELL_SIM_PULL_REGISTRIES="$CELLPORT_REGISTRY_HOST" bg_start cell-sim "$CELLPORT_RUN_DIR" "$CELLPORT_RUN_DIR/cell-sim.log" \
    node packages/cell-sim/bin/cell-sim --region dev --cells dev-1,dev-2 \
    --port-base "$CELLPORT_SIM_PORT_BASE" --state-dir "$CELLPORT_STATE_DIR/cells"
fi

# --- development OIDC provider (sign in as any catalog User) -------------------------------------
if ! pid_alive "$CELLPORT_RUN_DIR/dev-oidc.pid"; then
  DEV_OIDC_PORT="$CELLPORT_OIDC_PORT" PORTAL_URL="$CELLPORT_URL" \
    bg_start dev-oidc "$CELLPORT_RUN_DIR" "$CELLPORT_RUN_DIR/dev-oidc.log" \
    node packages/dev-oidc/src/server.mjs
fi

# --- SkyWalking development server (OAP stand-in): pods with SW_AGENT_COLLECTOR_BACKEND_SERVICES report to it
if ! pid_alive "$CELLPORT_RUN_DIR/skywalking-dev.pid"; then
  bg_start skywalking-dev "$CELLPORT_RUN_DIR" "$CELLPORT_RUN_DIR/skywalking-dev.log" \
    node packages/skywalking-dev/bin/skywalking-dev --port "$CELLPORT_SKYWALKING_PORT"
fi

# wait for the simulated cells: they write cells.json when ready
cells_json="$CELLPORT_STATE_DIR/cells/cells.json"
for _ in $(seq 1 300); do
  if pid_alive "$CELLPORT_RUN_DIR/cell-sim.pid" && [ -f "$cells_json" ] && [ "$cells_json" -nt "$CELLPORT_RUN_DIR/cell-sim.pid" ]; then break; fi
  pid_alive "$CELLPORT_RUN_DIR/cell-sim.pid" || { echo "cellport: simulated cells failed" >&2; tail -n 20 "$CELLPORT_RUN_DIR/cell-sim.log" >&2; exit 1; }
  sleep 0.2
done

# --- Prometheus: one job per cell, discovering the cells' pods through their Kubernetes API --------
# (kubernetes_sd_configs when the installed Prometheus has it; Debian's build has not, then
# http_sd_configs served by cell-sim from the same API; see packages/cell-sim/README.md)
cell_jobs="$CELLPORT_RUN_DIR/prometheus-cell-jobs.yml"
if node packages/cell-sim/bin/cell-sim prometheus-config --cells-json "$cells_json" \
  --secrets-dir "$CELLPORT_STATE_DIR/cells/prometheus-secrets" --out "$cell_jobs"; then
  bash "$here/infra.sh" prometheus-cells "$cell_jobs" || echo "cellport: warning: Prometheus does not scrape the cells" >&2
else
  echo "cellport: warning: could not generate the Prometheus jobs of the cells" >&2
fi

# --- runtime config: this instance's ports, state folders, simulated cells and registry ------------
runtime_config="$CELLPORT_RUN_DIR/app-config.runtime.yaml"
# automatic cell evacuation is off unless asked for (CELLPORT_SLB_EVACUATE_AFTER seconds); the test instance uses 45 s
evacuate_after=${CELLPORT_SLB_EVACUATE_AFTER:-}
[ "$CELLPORT_INSTANCE" = test ] && : "${evacuate_after:=45}"
cells_yaml=$(node -e '
  const s = require(process.argv[1]);
  const regions = {};
  for (const c of s.cells) (regions[c.region] ??= []).push(c);
  for (const [name, cells] of Object.entries(regions)) {
    console.log(`      - name: ${name}\n        cells:`);
    for (const c of cells) console.log(`          - { name: ${c.name}, kubeconfigFile: "${c.kubeconfig}", simulated: true }`);
  }' "$cells_json")
cat >"$runtime_config" <<YAML
# generated by scripts/start.sh for instance '$CELLPORT_INSTANCE'; do not edit
app:
  baseUrl: $CELLPORT_URL
backend:
  baseUrl: $CELLPORT_URL
  listen: { host: 127.0.0.1, port: $CELLPORT_BACKEND_PORT }
  cors: { origin: $CELLPORT_URL }
  reading: { allow: [{ host: "127.0.0.1:$CELLPORT_GIT_PORT" }] }
  database:
    client: better-sqlite3
    connection: { directory: $CELLPORT_STATE_DIR/data/sqlite }
auth:
  providers:
    oidc:
      development:
        metadataUrl: http://127.0.0.1:$CELLPORT_OIDC_PORT/.well-known/openid-configuration
builds:
  etcd: { endpoints: ["$CELLPORT_ETCD_URL"] }
registry:
  url: $CELLPORT_REGISTRY_URL
  tokenKeyFile: $CELLPORT_REGISTRY_TOKEN_KEY
  tokenCertFile: $CELLPORT_REGISTRY_TOKEN_CERT
  webhookSecretFile: $CELLPORT_REGISTRY_WEBHOOK_SECRET_FILE
cellport:
  scaffolder:
    localGit: { baseUrl: "http://127.0.0.1:$CELLPORT_GIT_PORT" }
  slb:
    evacuation: { unreachableAfterSeconds: ${evacuate_after:-0} }
    groups:
      - { name: dev-public, region: dev, vip: 127.0.0.11, cnameSuffix: lb.dev.cellport.local, visibility: public, httpPort: $CELLPORT_SLB_PORT, etcd: { endpoints: ["$CELLPORT_ETCD_URL"] } }
  observability:
    skywalking: { baseUrl: "http://127.0.0.1:$CELLPORT_SKYWALKING_PORT" }
    alerts:
      rulesDir: $CELLPORT_PROMETHEUS_RULES_DIR
      webhookSecretFile: $CELLPORT_ALERT_WEBHOOK_SECRET_FILE
  cells:
    prometheus: { baseUrl: $CELLPORT_PROMETHEUS_URL }
    regions:
$cells_yaml
YAML
configs=(--config "$CELLPORT_ROOT/app-config.yaml" --config "$runtime_config")
if [ "$backend_mode" = production ]; then
  # this local portal (simulated cells, development OIDC provider) keeps guest sign-in when it runs the
  # production build; a real deployment uses app-config.production.yaml, which removes the guest provider
  cat >"$CELLPORT_RUN_DIR/app-config.production-local.yaml" <<YAML
# generated by scripts/start.sh for instance '$CELLPORT_INSTANCE' (CELLPORT_BACKEND_MODE=production); do not edit
auth:
  providers:
    guest:
      dangerouslyAllowOutsideDevelopment: true
YAML
  configs+=(--config "$CELLPORT_RUN_DIR/app-config.production-local.yaml")
fi
[ -f "$CELLPORT_ROOT/app-config.local.yaml" ] && configs+=(--config "$CELLPORT_ROOT/app-config.local.yaml")

# --- backend ---------------------------------------------------------------------------------------
start_backend() {
  if [ "$backend_mode" = production ]; then
    # from packages/backend of the deploy folder, as the development backend runs from the repository's,
    # so app-config.yaml's relative paths (../../catalog) mean the same in both modes
    ln -sfn "$CELLPORT_ROOT/catalog" "$backend_deploy/catalog"
    cd "$backend_deploy/packages/backend"
    NODE_ENV=production exec setsid node . "${configs[@]}"
  fi
  cd "$CELLPORT_ROOT/packages/backend"
  NODE_ENV=development exec setsid node --require @backstage/cli/config/nodeTransform.cjs src/index.ts "${configs[@]}"
}

wait_ready() {
  if ! wait_http "$CELLPORT_URL/.backstage/health/v1/readiness" 180 "$CELLPORT_RUN_DIR/backend.pid"; then
    echo "cellport: the backend did not become ready; last log lines:" >&2
    tail -n 40 "$CELLPORT_RUN_DIR/backend.log" >&2 || true
    return 1
  fi
}

if pid_alive "$CELLPORT_RUN_DIR/backend.pid"; then
  echo "cellport: backend already running (pid $(cat "$CELLPORT_RUN_DIR/backend.pid"))"
else
  (start_backend) >"$CELLPORT_RUN_DIR/backend.log" 2>&1 </dev/null &
  echo $! >"$CELLPORT_RUN_DIR/backend.pid"
fi
wait_ready
# the build loop: local git server, base image, two build agents (needs the portal for the base image)
bash "$here/builds-local.sh" start
wait_http "http://127.0.0.1:$CELLPORT_OIDC_PORT/.well-known/openid-configuration" 30 "$CELLPORT_RUN_DIR/dev-oidc.pid" ||
  { echo "cellport: dev OIDC provider failed" >&2; tail -n 20 "$CELLPORT_RUN_DIR/dev-oidc.log" >&2; exit 1; }

echo
echo "Cellport is running: $CELLPORT_URL"
echo "  sign in as guest, or as a catalog user (alice, bob, carol, dave, erin, frank; any password) via 'Sign in as a user'"
echo "  simulated cells: region dev, cells dev-1 and dev-2 (kubeconfig: $CELLPORT_STATE_DIR/cells/kubeconfig)"
echo "  SkyWalking (development server): versions with SW_AGENT_COLLECTOR_BACKEND_SERVICES=127.0.0.1:$CELLPORT_SKYWALKING_PORT report traces"
echo "  logs: $CELLPORT_RUN_DIR/*.log    stop everything: npm run stop"

if [ "$background" = true ]; then
  exit 0
fi
trap 'bash "$here/stop.sh" --portal-only; exit 0' INT TERM
echo "  (Ctrl-C stops the portal; local infrastructure keeps running until 'npm run stop')"
tail -n +1 -f "$CELLPORT_RUN_DIR/backend.log" &
tail_pid=$!
while pid_alive "$CELLPORT_RUN_DIR/backend.pid"; do sleep 1; done
kill "$tail_pid" 2>/dev/null || true
echo "cellport: the backend exited" >&2
exit 1

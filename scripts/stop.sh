#!/usr/bin/env bash
# Stops what scripts/start.sh started (by recorded PID only), then the local infrastructure.
#   npm run stop                  everything
#   scripts/stop.sh --portal-only backend, simulated cells and dev OIDC provider; infrastructure keeps running
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
CELLPORT_ROOT="$(cd "$here/.." && pwd)"
. "$here/lib/proc.sh"
. "$here/lib/ports.sh"

for name in backend dev-oidc cell-sim skywalking-dev; do
  bg_stop "$CELLPORT_RUN_DIR/$name.pid" 20
done
if [ "${1:-}" != --portal-only ]; then
  bash "$here/slb-agents.sh" stop
  bash "$here/builds-local.sh" stop
  bash "$here/infra.sh" stop
fi

#!/usr/bin/env bash
# Runs a command with the supported Node first on PATH: scripts/with-node.sh node -v
set -euo pipefail
. "$(dirname "$0")/lib/node.sh"
exec "$@"

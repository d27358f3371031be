#!/usr/bin/env bash
# Runs a command with the supported Node first on PATH: scripts/with-node.sh node -v
#
# Without a terminal (scripts, agents, CI) it also sets CI=true unless CI is already set: the Backstage
# CLI would otherwise start jest in watch mode and wait forever, and tests that need a component then
# fail instead of skipping, as on CI.
set -euo pipefail
. "$(dirname "$0")/lib/node.sh"
if [ ! -t 1 ] && [ -z "${CI:-}" ]; then
  export CI=true
fi
exec "$@"

#!/usr/bin/env bash
# The long forms of the reliability and speed evidence (`npm run soak`), each bounded in time and
# printing its figures: every benchmark at full size, the route fuzzer with 100 cases per route,
# the permission matrix on SQLite and PostgreSQL, the kill suite with 20 kills (4 rounds of 5), and
# 6 PostgreSQL restarts and 6 cell flaps mid-release (3 rounds).
# Own ports, state and databases (the suite's PostgreSQL server); fails when any part failed.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib/node.sh" || exit 1
export CELLPORT_INSTANCE=${CELLPORT_INSTANCE:-test}
export CI=${CI:-true}
. "$here/lib/ports.sh"
cd "$CELLPORT_ROOT"

. "$here/lib/step.sh"
started=$(date +%s)
suite() {
  (cd test && npx backstage-cli package test --ci --runInBand "$@")
}

export BACKSTAGE_TEST_DISABLE_DOCKER=1

# the benchmarks at full size, while a portal of this instance runs (builds-loop and template-service
# measure its build agents and LB agents; the others start what they measure on ports of their own)
if step "start a portal for the benchmarks" bash "$here/start.sh" --background; then
  eval "$(bash "$here/infra.sh" env)"
  export CELLPORT_URL
  step "benchmarks (long form)" timeout 3600 node test/bench/run.mjs
fi
bash "$here/stop.sh" >/dev/null 2>&1 || true

if bash "$here/infra.sh" start postgres >/dev/null; then
  eval "$(bash "$here/infra.sh" env)"
  pg_major=$(psql "${CELLPORT_POSTGRES_URL:?}" -Atc 'show server_version_num' | cut -c1-2)
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${pg_major}_CONNECTION_STRING=$CELLPORT_POSTGRES_URL"
fi
step "route fuzzer (100 cases per route)" env RELIABILITY_FUZZ_RUNS=100 timeout 2400 bash -c "$(declare -f suite); suite src/reliability/fuzz.test.ts"
step "permission matrix (SQLite, PostgreSQL)" timeout 1200 bash -c "$(declare -f suite); suite src/reliability/matrix.test.ts"
step "route fuzzer of slb, builds and observability (100 cases per route)" env RELIABILITY_FUZZ_RUNS=100 timeout 2400 bash -c "$(declare -f suite); suite src/reliability/fuzz-extended.test.ts"
step "permission matrix of slb, builds and observability (SQLite, PostgreSQL)" timeout 1200 bash -c "$(declare -f suite); suite src/reliability/matrix-extended.test.ts"
step "kills (20)" env RELIABILITY_KILLS=5 RELIABILITY_KILL_ROUNDS=4 timeout 2400 bash -c "$(declare -f suite); suite src/reliability/kills.test.ts"
step "PostgreSQL restarts and cell flaps (12)" env RELIABILITY_DISRUPTIONS=4 RELIABILITY_DISRUPTION_ROUNDS=3 timeout 2400 bash -c "$(declare -f suite); suite src/reliability/disruptions.test.ts"

echo
echo "soak took $(($(date +%s) - started)) s"
step_summary
if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "all parts passed"

#!/usr/bin/env bash
# The whole test suite, exactly what CI runs (.ci/run): supported Node and dependencies, Debian
# packages of the infrastructure, type check, lint, unit and integration tests (SQLite and
# PostgreSQL), then end-to-end, conformance and browser tests against a portal instance of its own
# (CELLPORT_INSTANCE=test: other ports and state, so a running `npm start` is never disturbed).
# Every part runs; the script fails when any part failed, and says which.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib/node.sh" || exit 1
export CELLPORT_INSTANCE=test
# the whole suite always runs as CI does: a test that needs a component fails instead of skipping
export CI=${CI:-true}
. "$here/lib/ports.sh"
cd "$CELLPORT_ROOT"

. "$here/lib/step.sh"
started=$(date +%s)

bash "$here/bootstrap.sh" || { echo "bootstrap failed" >&2; exit 1; }
# kubectl: these machines carry one; elsewhere Debian's own client (kubernetes-client) is installed
kubectl_pkg=()
command -v kubectl >/dev/null || kubectl_pkg=(kubernetes-client)
step "debian packages" bash "$here/infra/install-packages.sh" etcd-server etcd-client docker-registry nginx-light \
  libnginx-mod-http-lua prometheus prometheus-alertmanager skopeo buildah chromium "${kubectl_pkg[@]}"

step "type check" npx tsc --noEmit
step "lint" npx backstage-cli repo lint
# publishable packages: their publishing fields, and their public API against the checked-in
# report.api.md files (`npm run api-reports` updates those)
step "api reports" bash -c 'node scripts/check-packages.cjs && npm run --silent api-reports -- --ci'

# PostgreSQL for the integration tests (TestDatabases reads the connection string below).
if step "postgresql" bash "$here/infra.sh" start postgres; then
  eval "$(bash "$here/infra.sh" env)"
  pg_major=$(psql "${CELLPORT_POSTGRES_URL:?}" -Atc 'show server_version_num' | cut -c1-2)
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${pg_major}_CONNECTION_STRING=$CELLPORT_POSTGRES_URL"
  echo "integration tests use PostgreSQL $pg_major at $CELLPORT_POSTGRES_URL"
fi
export BACKSTAGE_TEST_DISABLE_DOCKER=1
step "unit and integration tests" npx backstage-cli repo test --ci

# End-to-end: a portal of our own, then the cross-package suites in test/.
if step "start test portal" bash "$here/start.sh" --background; then
  eval "$(bash "$here/infra.sh" env)"
  export CELLPORT_URL
  step "end-to-end, conformance and browser tests" bash -c 'cd test && npx backstage-cli package test --ci --runInBand'
  # Every benchmark in its short form (a few seconds each, figures printed and never asserted): a
  # benchmark that no longer runs, or skips, fails the suite. Most start what they measure on ports of
  # their own; builds-loop and template-service measure this portal (its build agents and LB agents).
  step "benchmarks (short form)" env CELLPORT_BENCH_SHORT=1 node test/bench/run.mjs
fi
bash "$here/stop.sh" >/dev/null 2>&1 || true

# Adopters: two stock Backstage portals (legacy and new frontend system) install Cellport from packed
# tarballs and pass their browser tests (instance `adopter`: its own ports and state, not the test one's)
step "adopter portals (Cellport from tarballs)" env -u CELLPORT_STATE_DIR -u CELLPORT_BACKEND_PORT \
  -u CELLPORT_OIDC_PORT -u CELLPORT_SIM_PORT_BASE -u CELLPORT_REGISTRY_PORT CELLPORT_INSTANCE=adopter \
  bash "$here/adopter-portals.sh"


echo
echo "test suite took $(($(date +%s) - started)) s"
step_summary
if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "all parts passed"

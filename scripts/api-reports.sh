#!/usr/bin/env bash
# API reports of every published package (report.api.md, report-alpha.api.md), one package per
# api-extractor run: `npm run api-reports` writes them, `npm run api-reports -- --ci` checks them.
#
# Why one at a time: backstage-repo-tools orders the packages it is given by which package.json read
# finished first, and analyses them all with one TypeScript program, so a union type a report prints
# (e.g. the entity content groups of the frontend plugins' /alpha reports) came out in a different
# member order from run to run, and the check failed at random. Alone, a package's report depends on
# its own declarations only. One at a time (each run writes the root tsconfig.tmp.json); expects
# dist-types from `tsc --incremental false`.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
ci=()
[ "${1:-}" = --ci ] && ci=(--ci)
dirs=(plugins/*/ packages/slb-agent/ packages/build-agent/)
report() {
  local dir=${1%/} out
  [ -f "$dir/package.json" ] || return 0
  if ! out=$(npx backstage-repo-tools api-reports "${@:2}" --allow-all-warnings \
    -o ae-wrong-input-file-type,ae-undocumented "$dir" 2>&1); then
    printf '%s\n' "$out"
    echo "api reports: $dir FAILED"
    return 1
  fi
  # --allow-all-warnings reports a changed report as a warning and goes on: with --ci the exit
  # status is not enough
  if [ $# -gt 1 ] && grep -q 'You have changed the API signature\|uncommitted changes to the public API' <<<"$out"; then
    printf '%s\n' "$out"
    echo "api reports: $dir FAILED (the report differs from the checked-in one)"
    return 1
  fi
  echo "api reports: $dir ok"
}
export -f report
printf '%s\n' "${dirs[@]}" | xargs -P 1 -I{} bash -c 'report "$@"' _ {} "${ci[@]}"

# shellcheck shell=bash
# Sourced by the suite scripts (test-all.sh, soak.sh): `step NAME cmd args...` runs one part,
# prints its outcome and time, and adds NAME to `failed` when it fails; every part runs.
failed=()
step() {
  local name=$1
  shift
  local t0=$(date +%s)
  echo
  echo "=== $name"
  if "$@"; then
    echo "=== $name: passed ($(($(date +%s) - t0)) s)"
  else
    echo "=== $name: FAILED ($(($(date +%s) - t0)) s)"
    failed+=("$name")
  fi
}

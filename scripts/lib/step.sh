# shellcheck shell=bash
# Sourced by the suite scripts (test-all.sh, soak.sh): `step NAME cmd args...` runs one part,
# prints its outcome and time, and adds NAME to `failed` when it fails; every part runs.
# Each part's output is also kept, so `step_summary` can repeat the failing tests at the very end
# (a CI log is often read from its tail only).
failed=()
step_logs=$(mktemp -d "${TMPDIR:-/tmp}/cellport-steps.XXXXXX")
step() {
  local name=$1
  shift
  local t0=$(date +%s)
  local log="$step_logs/$(printf '%s' "$name" | tr -c 'a-zA-Z0-9' '_').log"
  echo
  echo "=== $name"
  "$@" 2>&1 | tee "$log"
  if [ "${PIPESTATUS[0]}" -eq 0 ]; then
    echo "=== $name: passed ($(($(date +%s) - t0)) s)"
  else
    echo "=== $name: FAILED ($(($(date +%s) - t0)) s)"
    failed+=("$name")
  fi
}

# Prints, for every failed part, its failing suites and tests with the first lines of each error.
step_summary() {
  local name log
  for name in "${failed[@]}"; do
    log="$step_logs/$(printf '%s' "$name" | tr -c 'a-zA-Z0-9' '_').log"
    echo
    echo "--- what failed in: $name"
    # jest: "FAIL <suite>" and "● <describe> › <test>" with the next lines of the error; else the tail
    if grep -qE '^(FAIL |  ● )' "$log"; then
      sed -e 's/\x1b\[[0-9;]*m//g' "$log" | awk '
        /^FAIL / { print; next }
        /^  ● / && !/● Console/ { n = 8 }
        n > 0 { if ($0 !~ /^[[:space:]]*$/) print; n-- }
      ' | head -150
    else
      tail -n 40 "$log"
    fi
  done
  rm -rf "$step_logs"
}

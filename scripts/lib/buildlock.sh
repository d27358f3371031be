# shellcheck shell=bash
# Locks of the builds that write folders every instance of the portal shares (packages/app/dist, the
# packages' dist/), so parallel `npm start` and `npm test` in one working tree never build them at once.
# Each build has its own lock file: the frontend bundle, the production backend.
#
#   build_lock FILE [shared]   holds FILE's lock (exclusive, or shared) until the calling shell exits
#
# A caller that holds the lock already (`flock FILE bash scripts/start.sh`, as engineers wrap builds by
# hand) passes its descriptor down to this shell: that lock counts, so the nested build does not wait
# forever for its own caller. A build (exclusive) under a caller that holds it shared (`flock -s FILE`,
# to keep builds out while tests read the bundle) turns the caller's lock exclusive, once the other
# readers are done.

: "${CELLPORT_APP_BUILD_LOCK:=/tmp/cellport-app-build.lock}"
: "${CELLPORT_BACKEND_BUILD_LOCK:=/tmp/cellport-backend-build.lock}"

# inherited_lock_fd FILE -> prints the number of a descriptor this shell inherited on FILE, if any
inherited_lock_fd() {
  local want link fd
  want=$(readlink -f "$1")
  for fd in /proc/"$BASHPID"/fd/*; do
    link=$(readlink "$fd" 2>/dev/null) || continue
    if [ "$link" = "$want" ]; then
      basename "$fd"
      return 0
    fi
  done
  return 1
}

build_lock() {
  local file=$1 mode=-x fd
  [ "${2:-}" = shared ] && mode=-s
  touch "$file"
  if fd=$(inherited_lock_fd "$file"); then
    # shared: the caller's lock, shared or exclusive, is enough; exclusive: a no-op when it is
    [ "$mode" = -s ] && return 0
  else
    exec {fd}>>"$file"
  fi
  if ! flock -n "$mode" "$fd"; then
    echo "cellport: waiting for another build ($file)" >&2
    flock "$mode" "$fd"
  fi
}

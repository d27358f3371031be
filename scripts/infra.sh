#!/usr/bin/env bash
# Local infrastructure for Cellport, on loopback ports, state under $CELLPORT_STATE_DIR/infra/<component>/.
#
#   scripts/infra.sh start  [component...]   default: etcd registry nginx alertmanager prometheus (postgres only when named)
#   scripts/infra.sh stop   [component...]   default: all; kills only the PIDs recorded by start
#   scripts/infra.sh status [component...]   one line per component: state, pid, url
#   scripts/infra.sh env    [component...]   export lines for running components (also written to infra/env.sh)
#                                            use: eval "$(scripts/infra.sh env)"
#   scripts/infra.sh prometheus-cells JOBS   sets Prometheus' cell jobs (YAML from `cell-sim prometheus-config`)
#                                            and reloads it when running
#   scripts/infra.sh registry-gc             the registry's garbage collection (stops and restarts it)
#
# Environment: CELLPORT_STATE_DIR (default <repo>/.cellport), CELLPORT_ETCD_PORT (23790),
# CELLPORT_ETCD_PEER_PORT (23800), CELLPORT_REGISTRY_PORT (5050), CELLPORT_NGINX_PORT (8080),
# CELLPORT_NGINX_ADMIN_PORT (8081), CELLPORT_PROMETHEUS_PORT (9090), CELLPORT_ALERTMANAGER_PORT (9093),
# CELLPORT_POSTGRES_PORT (5432),
# CELLPORT_BACKEND_URL (http://127.0.0.1:7007), CELLPORT_INFRA_TIMEOUT (60 s health deadline).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
. "$here/infra/lib.sh"
for c in etcd registry nginx alertmanager prometheus postgres; do . "$here/infra/$c.sh"; done

ALL=(etcd registry nginx alertmanager prometheus postgres)
DEFAULT_START=(etcd registry nginx alertmanager prometheus)

comp_binary() { "${1}_binary"; }

pick() { # pick start|other [component...] -> sets list=(...); the default list when none is given
  local default=$1 c
  shift
  if [ $# -eq 0 ]; then
    if [ "$default" = start ]; then list=("${DEFAULT_START[@]}"); else list=("${ALL[@]}"); fi
    return
  fi
  for c in "$@"; do
    [[ " ${ALL[*]} " == *" $c "* ]] || die "unknown component '$c' (known: ${ALL[*]})"
  done
  list=("$@")
}

start_one() {
  local c=$1 pid p
  if declare -F "${c}_cmd_start" >/dev/null; then "${c}_cmd_start"; return; fi
  pid=$(pid_of "$c")
  if [ -n "$pid" ]; then
    if "${c}_healthy"; then say "$c: already running (pid $pid) at $("${c}_url")"; return 0; fi
    say "$c: pid $pid is alive but not healthy yet; waiting"
    wait_healthy "$c" || die "$c: unhealthy (pid $pid); stop it with: $0 stop $c"
    return 0
  fi
  for p in $("${c}_ports"); do
    port_busy "$p" && die "$c: port 127.0.0.1:$p is already in use by another process (choose another with CELLPORT_*_PORT)"
  done
  "${c}_start"
  wait_healthy "$c" || die "$c: failed to start"
  say "$c: running (pid $(<"$INFRA_DIR/$c/$c.pid")) at $("${c}_url")"
}

stop_one() {
  if declare -F "${1}_cmd_stop" >/dev/null; then "${1}_cmd_stop"; else stop_pid "$1"; fi
}

status_one() {
  local c=$1 pid state=stopped
  if [ "$c" = postgres ]; then
    postgres_healthy && state=running && pid=$(postgres_pid)
  else
    pid=$(pid_of "$c")
    if [ -n "$pid" ]; then if "${c}_healthy"; then state=running; else state=unhealthy; fi; fi
  fi
  printf '%-11s %-9s pid=%-8s %s\n' "$c" "$state" "${pid:--}" "$("${c}_url")"
}

env_lines() { # export lines for every running component, plus the shared folders
  local c
  echo "export CELLPORT_STATE_DIR='$CELLPORT_STATE_DIR'"
  for c in "$@"; do
    if [ "$c" = postgres ] || [ -n "$(pid_of "$c")" ]; then
      "${c}_env" | sed -E "s/^([A-Z0-9_]+)=(.*)$/export \1='\2'/"
    fi
  done
}

write_env_file() {
  mkdir -p "$INFRA_DIR"
  env_lines "${ALL[@]}" >"$INFRA_DIR/env.sh.tmp" && mv "$INFRA_DIR/env.sh.tmp" "$INFRA_DIR/env.sh"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  start)
    pick start "$@"
    pkgs=()
    for c in "${list[@]}"; do read -ra p <<<"$("${c}_packages")"; pkgs+=("${p[@]}"); done
    "$here/infra/install-packages.sh" "${pkgs[@]}"
    for c in "${list[@]}"; do start_one "$c"; done
    write_env_file
    ;;
  stop)
    pick stop "$@"
    for ((i = ${#list[@]} - 1; i >= 0; i--)); do stop_one "${list[i]}"; done
    write_env_file
    ;;
  status)
    pick status "$@"
    for c in "${list[@]}"; do status_one "$c"; done
    ;;
  env)
    pick env "$@"
    env_lines "${list[@]}"
    write_env_file
    ;;
  prometheus-cells)
    [ $# -eq 1 ] || die "usage: $0 prometheus-cells <jobs.yml>"
    prometheus_set_cells "$1"
    ;;
  registry-gc)
    registry_gc
    ;;
  *)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
    ;;
esac

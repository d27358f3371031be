#!/usr/bin/env bash
# The local LB group `dev-public` (region dev): two slb agents, each running its own Nginx with Lua,
# on loopback addresses 127.0.0.11 (lb-1) and 127.0.0.12 (lb-2), same ports on both, following etcd.
#
#   scripts/slb-agents.sh start    needs etcd running (scripts/infra.sh start); waits until both report
#   scripts/slb-agents.sh stop     SIGTERM by recorded PID: each agent deregisters and quits its Nginx
#   scripts/slb-agents.sh status
#
# Ports: CELLPORT_SLB_PORT (data), CELLPORT_SLB_ADMIN_PORT (Lua admin), CELLPORT_SLB_METRICS_PORT
# (agent /metrics and /status); defaults in scripts/lib/ports.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib/node.sh"
. "$here/lib/proc.sh"
. "$here/lib/ports.sh"
cd "$CELLPORT_ROOT"

GROUP=dev-public
HOSTS=(lb-1=127.0.0.11 lb-2=127.0.0.12)
dir="$CELLPORT_STATE_DIR/slb"

# agent_alive PIDFILE: the recorded agent runs (a killed, unreaped agent is a zombie: dead)
agent_alive() {
  local pid state
  [ -f "$1" ] || return 1
  pid=$(cat "$1")
  kill -0 "$pid" 2>/dev/null || return 1
  state=$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$pid/stat" 2>/dev/null || echo '?')
  [ "$state" != Z ] && [ "$state" != X ]
}

start() {
  local etcd="${CELLPORT_ETCD_URL:-http://127.0.0.1:${CELLPORT_ETCD_PORT:-23790}}" entry host addr
  for entry in "${HOSTS[@]}"; do
    host=${entry%%=*} addr=${entry#*=}
    if agent_alive "$dir/$host.pid"; then continue; fi
    bg_start "$host" "$dir" "$dir/$host.log" node packages/slb-agent/bin/slb-agent \
      --group "$GROUP" --host "$host" --etcd "$etcd" --address "$addr" \
      --http-port "$CELLPORT_SLB_PORT" --admin-port "$CELLPORT_SLB_ADMIN_PORT" \
      --metrics-port "$CELLPORT_SLB_METRICS_PORT" --state-dir "$dir/$host"
  done
  for entry in "${HOSTS[@]}"; do
    host=${entry%%=*} addr=${entry#*=}
    if ! wait_http "http://$addr:$CELLPORT_SLB_METRICS_PORT/status" 120 "$dir/$host.pid"; then
      echo "cellport: slb agent $host did not start; last log lines:" >&2
      tail -n 20 "$dir/$host.log" >&2 || true
      return 1
    fi
  done
  echo "cellport: LB group $GROUP: lb-1 http://127.0.0.11:$CELLPORT_SLB_PORT, lb-2 http://127.0.0.12:$CELLPORT_SLB_PORT" >&2
}

stop() {
  local entry
  for entry in "${HOSTS[@]}"; do bg_stop "$dir/${entry%%=*}.pid" 20; done
}

status() {
  local entry host addr
  for entry in "${HOSTS[@]}"; do
    host=${entry%%=*} addr=${entry#*=}
    if agent_alive "$dir/$host.pid"; then
      echo "$host running pid=$(cat "$dir/$host.pid") $(curl -s --max-time 2 "http://$addr:$CELLPORT_SLB_METRICS_PORT/status")"
    else
      echo "$host stopped"
    fi
  done
}

case "${1:-}" in
  start | stop | status) "$1" ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac

# shellcheck shell=bash
# Shared helpers for scripts/infra.sh and scripts/infra/<component>.sh (sourced, not run).
#   paths and ports, template rendering, bgstart/alive/wait/stop of the servers we start.

CELLPORT_ROOT="${CELLPORT_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
CELLPORT_STATE_DIR="${CELLPORT_STATE_DIR:-$CELLPORT_ROOT/.cellport}"
INFRA_DIR="$CELLPORT_STATE_DIR/infra"
INFRA_TEMPLATES="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/templates"
INFRA_TIMEOUT="${CELLPORT_INFRA_TIMEOUT:-60}" # seconds to wait for a server to become healthy
export CELLPORT_ROOT CELLPORT_STATE_DIR

# Loopback ports (override with the environment, e.g. CELLPORT_ETCD_PORT=33790).
ETCD_PORT="${CELLPORT_ETCD_PORT:-23790}"
ETCD_PEER_PORT="${CELLPORT_ETCD_PEER_PORT:-23800}"
REGISTRY_PORT="${CELLPORT_REGISTRY_PORT:-5050}"
NGINX_PORT="${CELLPORT_NGINX_PORT:-8080}"
NGINX_ADMIN_PORT="${CELLPORT_NGINX_ADMIN_PORT:-8081}"
PROMETHEUS_PORT="${CELLPORT_PROMETHEUS_PORT:-9090}"
ALERTMANAGER_PORT="${CELLPORT_ALERTMANAGER_PORT:-9093}"
POSTGRES_PORT_WANTED="${CELLPORT_POSTGRES_PORT:-5432}"
BACKEND_URL="${CELLPORT_BACKEND_URL:-http://127.0.0.1:7007}" # the portal backend (token + webhook endpoints)

say() { echo "infra: $*" >&2; }
die() { echo "infra: error: $*" >&2; exit 1; }

# comp_dir NAME -> creates and prints the state folder of a component
comp_dir() { mkdir -p "$INFRA_DIR/$1" && echo "$INFRA_DIR/$1"; }

# render TEMPLATE OUT KEY=VALUE... : copies templates/TEMPLATE to OUT replacing every {{KEY}} with VALUE
render() {
  local tpl="$INFRA_TEMPLATES/$1" out=$2 text kv
  shift 2
  text=$(<"$tpl")
  for kv in "$@"; do text=${text//"{{${kv%%=*}}}"/"${kv#*=}"}; done
  if [[ $text =~ \{\{[A-Z_]+\}\} ]]; then die "template $tpl: no value for ${BASH_REMATCH[0]}"; fi
  printf '%s\n' "$text" >"$out"
}

# secret_file PATH : creates PATH with a random hex secret on first use (kept afterwards), mode 600
secret_file() {
  [ -s "$1" ] || (umask 077 && openssl rand -hex 32 >"$1")
}

# pid_alive PID : true when PID is a live process (zombies count as dead: PID 1 here does not reap)
pid_alive() {
  local pid=$1 state
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  state=$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$pid/stat" 2>/dev/null || echo '?')
  [ "$state" != Z ] && [ "$state" != X ]
}

# pid_of NAME : prints the recorded PID of a component when that process is alive and is the
# component's binary (guards against a recycled PID); empty otherwise
pid_of() {
  local f="$INFRA_DIR/$1/$1.pid" pid exe
  [ -s "$f" ] || return 0
  pid=$(<"$f")
  pid_alive "$pid" || return 0
  exe=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
  case "$exe" in *"$(comp_binary "$1")"*) echo "$pid" ;; esac
}

# port_busy PORT : true when something already listens on 127.0.0.1:PORT
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# http_code URL : prints the HTTP status (000 when nothing answers)
http_code() { curl -s -o /dev/null -m 3 -w '%{http_code}' "$1" 2>/dev/null || true; }

# bgstart NAME DIR cmd args... : runs cmd in DIR, detached, log in DIR/NAME.log, real PID in DIR/NAME.pid
bgstart() {
  local name=$1 dir=$2
  shift 2
  (
    cd "$dir" || exit 1
    nohup "$@" >>"$dir/$name.log" 2>&1 </dev/null &
    echo $! >"$dir/$name.pid"
  )
}

# wait_healthy NAME : polls `NAME_healthy` until INFRA_TIMEOUT; on failure prints the log tail, returns 1
wait_healthy() {
  local name=$1 dir="$INFRA_DIR/$1" deadline=$((SECONDS + INFRA_TIMEOUT)) pid
  pid=$(<"$dir/$name.pid")
  while ((SECONDS < deadline)); do
    if "${name}_healthy"; then return 0; fi
    if ! pid_alive "$pid"; then
      say "$name (pid $pid) exited during start-up; last lines of $dir/$name.log:"
      tail -n 30 "$dir/$name.log" >&2 || true
      rm -f "$dir/$name.pid"
      return 1
    fi
    sleep 0.1
  done
  say "$name (pid $pid) not healthy after ${INFRA_TIMEOUT}s; last lines of $dir/$name.log:"
  tail -n 30 "$dir/$name.log" >&2 || true
  return 1
}

# stop_pid NAME : SIGTERM the recorded PID, wait up to 10 s, then SIGKILL; removes the pid file
stop_pid() {
  local name=$1 f="$INFRA_DIR/$1/$1.pid" pid i
  pid=$(pid_of "$name")
  if [ -z "$pid" ]; then
    rm -f "$f"
    say "$name: not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    pid_alive "$pid" || break
    sleep 0.1
  done
  if pid_alive "$pid"; then
    say "$name: pid $pid ignored SIGTERM for 10 s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
  say "$name: stopped (pid $pid)"
}

# shellcheck shell=bash
# Background processes with real PIDs recorded in pid files; stopping touches only those PIDs.

# bg_start NAME DIR LOG cmd args...  -> DIR/NAME.pid holds the PID of the started command itself.
# The command runs in a session of its own (setsid), so signals meant for the caller's process group
# (a test runner, a terminal's Ctrl-C) never reach it; only stop.sh stops it, by PID.
bg_start() {
  local name=$1 dir=$2 log=$3
  shift 3
  mkdir -p "$dir"
  setsid "$@" >"$log" 2>&1 </dev/null &
  echo $! >"$dir/$name.pid"
}

# pid_alive PIDFILE -> 0 when the recorded process runs
pid_alive() {
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

# bg_stop PIDFILE [grace_seconds]: SIGTERM, wait, then SIGKILL; removes the pid file
bg_stop() {
  local f=$1 grace=${2:-15} pid i
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

# wait_http URL SECONDS [PIDFILE] -> 0 once URL answers 2xx; fails early if PIDFILE's process died
wait_http() {
  local url=$1 secs=$2 pidf=${3:-} i
  for ((i = 0; i < secs * 5; i++)); do
    # --fail: a 503 from a backend still initializing its plugins is not ready
    if curl -sf -o /dev/null --max-time 2 "$url"; then return 0; fi
    if [ -n "$pidf" ] && ! pid_alive "$pidf"; then return 1; fi
    sleep 0.2
  done
  return 1
}

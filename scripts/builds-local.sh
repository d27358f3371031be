#!/usr/bin/env bash
# The local build loop: a git server (git's smart HTTP, `git http-backend`) holding the example
# service's repository with a post-receive hook that sends signed GitLab-format push webhooks, the
# base image `library/base:1` in the local registry, and two build agents (build-1, build-2), each
# with its own state folder (layers and dependency caches), registered in etcd.
#
#   scripts/builds-local.sh start    needs etcd, the registry and the portal running (start.sh runs it)
#   scripts/builds-local.sh stop     SIGTERM by recorded PID: agents give their builds up and deregister
#   scripts/builds-local.sh status
#
# Git server: http://127.0.0.1:$CELLPORT_GIT_PORT/git/<name>.git (default port in scripts/lib/ports.sh).
# Point a repository's webhook at a build config with:
#   git --git-dir "$CELLPORT_STATE_DIR/builds/git/<name>.git" config cellport.webhook.url <URL>
#   git --git-dir "$CELLPORT_STATE_DIR/builds/git/<name>.git" config cellport.webhook.token <secret>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib/node.sh"
. "$here/lib/proc.sh"
. "$here/lib/ports.sh"
cd "$CELLPORT_ROOT"

dir="$CELLPORT_STATE_DIR/builds"
repos="$dir/git"
AGENTS=(build-1 build-2)
etcd="${CELLPORT_ETCD_URL:-http://127.0.0.1:${CELLPORT_ETCD_PORT:-23790}}"
registry="${CELLPORT_REGISTRY_HOST:-127.0.0.1:${CELLPORT_REGISTRY_PORT:-5050}}"
git_url="http://127.0.0.1:$CELLPORT_GIT_PORT/git"

# publish_repo NAME SOURCE_DIR: a bare repository NAME.git with SOURCE_DIR as its first commit
publish_repo() {
  local name=$1 src=$2 bare="$repos/$1.git" work
  if [ ! -d "$bare" ]; then
    work=$(mktemp -d)
    cp -r "$src/." "$work/"
    git -C "$work" init -q -b main
    git -C "$work" add -A
    GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' GIT_COMMITTER_DATE='2026-01-01T00:00:00Z' \
      git -C "$work" -c user.name=Cellport -c user.email=cellport@cellport.example commit -q -m "$name: first version"
    git clone -q --bare "$work" "$bare"
    rm -rf "$work"
  fi
  git --git-dir "$bare" config http.receivepack true
  git --git-dir "$bare" config uploadpack.allowReachableSHA1InWant true
  cp "$here/builds/post-receive" "$bare/hooks/post-receive"
  chmod +x "$bare/hooks/post-receive"
}

start() {
  bash "$here/infra/install-packages.sh" git buildah skopeo busybox-static
  mkdir -p "$repos"
  publish_repo payments-api "$CELLPORT_ROOT/catalog/repos/payments-api"
  if ! pid_alive "$dir/git.pid"; then
    bg_start git "$dir" "$dir/git.log" node "$here/builds/git-http-server.mjs" --root "$repos" --port "$CELLPORT_GIT_PORT"
  fi
  if ! wait_http "http://127.0.0.1:$CELLPORT_GIT_PORT/healthz" 30 "$dir/git.pid"; then
    echo "cellport: the git server did not start" >&2
    tail -n 20 "$dir/git.log" >&2 || true
    return 1
  fi
  node "$here/builds/seed-base-image.mjs" --portal "$CELLPORT_URL" --registry "$registry" \
    --state-dir "$dir/base-image" >"$dir/base-image.log" 2>&1 || {
    echo "cellport: could not push the base image; last log lines:" >&2
    tail -n 20 "$dir/base-image.log" >&2
    return 1
  }
  local host
  for host in "${AGENTS[@]}"; do
    pid_alive "$dir/$host.pid" && continue
    bg_start "$host" "$dir" "$dir/$host.log" node packages/build-agent/bin/build-agent \
      --host "$host" --etcd "$etcd" --state-dir "$dir/$host" --capacity 2 \
      --registry "$registry" --insecure-registry "$registry"
  done
  for host in "${AGENTS[@]}"; do
    for _ in $(seq 1 150); do
      grep -q 'ready' "$dir/$host.log" 2>/dev/null && break
      pid_alive "$dir/$host.pid" || break
      sleep 0.2
    done
    if ! grep -q 'ready' "$dir/$host.log" 2>/dev/null; then
      echo "cellport: build agent $host did not start; last log lines:" >&2
      tail -n 20 "$dir/$host.log" >&2 || true
      return 1
    fi
  done
  echo "cellport: builds: git server $git_url/ (payments-api.git), agents ${AGENTS[*]}, base image $registry/library/base:1" >&2
}

stop() {
  local host
  for host in "${AGENTS[@]}"; do bg_stop "$dir/$host.pid" 20; done
  bg_stop "$dir/git.pid" 10
}

status() {
  local host
  for name in git "${AGENTS[@]}"; do
    if pid_alive "$dir/$name.pid"; then echo "$name running pid=$(cat "$dir/$name.pid")"; else echo "$name stopped"; fi
  done
}

case "${1:-}" in
  start | stop | status) "$1" ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac

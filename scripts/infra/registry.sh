# shellcheck shell=bash
# Docker registry (distribution 2.8) with token auth: the backend's /api/registry/token issues tokens
# signed with certs/token.key; the registry trusts certs/token.crt. Both are made on first start and kept.

registry_packages() { echo docker-registry openssl skopeo buildah; }
registry_binary() { echo docker-registry; }
registry_ports() { echo "$REGISTRY_PORT"; }
registry_url() { echo "http://127.0.0.1:$REGISTRY_PORT"; }
# with token auth an anonymous GET /v2/ answers 401
registry_healthy() { [ "$(http_code "$(registry_url)/v2/")" = 401 ]; }
registry_env() {
  local dir="$INFRA_DIR/registry"
  echo "CELLPORT_REGISTRY_URL=$(registry_url)"
  echo "CELLPORT_REGISTRY_HOST=127.0.0.1:$REGISTRY_PORT"
  echo "CELLPORT_REGISTRY_TOKEN_KEY=$dir/certs/token.key"
  echo "CELLPORT_REGISTRY_TOKEN_CERT=$dir/certs/token.crt"
  echo "CELLPORT_REGISTRY_WEBHOOK_SECRET_FILE=$dir/webhook.secret"
}

registry_keys() {
  local dir=$1
  mkdir -p "$dir/certs"
  if [ ! -s "$dir/certs/token.key" ] || [ ! -s "$dir/certs/token.crt" ]; then
    say "registry: generating the token signing key pair in $dir/certs"
    (umask 077 && openssl req -x509 -newkey rsa:2048 -nodes -days 3650 \
      -subj "/CN=cellport-token-issuer" -keyout "$dir/certs/token.key" -out "$dir/certs/token.crt" 2>/dev/null)
  fi
  secret_file "$dir/webhook.secret"
  secret_file "$dir/http.secret"
}

# registry_gc : the registry's garbage collection (`garbage-collect --delete-untagged`): frees the blobs
# and untagged manifests of deleted repositories. The registry is stopped meanwhile, so that no push races
# it (distribution's own advice), and started again when it was running.
registry_gc() {
  local dir was_running=""
  dir=$(comp_dir registry)
  [ -s "$dir/config.yml" ] || die "registry: no configuration yet; start it once first"
  if [ -n "$(pid_of registry)" ]; then was_running=1; stop_one registry; fi
  if ! docker-registry garbage-collect --delete-untagged "$dir/config.yml" >"$dir/gc.log" 2>&1; then
    [ -n "$was_running" ] && start_one registry
    die "registry: garbage collection failed; see $dir/gc.log"
  fi
  say "registry: garbage collected ($(grep -c 'eligible for deletion' "$dir/gc.log" || true) blobs freed; log $dir/gc.log)"
  if [ -n "$was_running" ]; then start_one registry; fi
}

registry_start() {
  local dir
  dir=$(comp_dir registry)
  registry_keys "$dir"
  mkdir -p "$dir/data"
  (umask 077 && render registry.yml "$dir/config.yml" DIR="$dir" PORT="$REGISTRY_PORT" BACKEND_URL="$BACKEND_URL" \
    HTTP_SECRET="$(<"$dir/http.secret")" WEBHOOK_SECRET="$(<"$dir/webhook.secret")")
  # the registry logs the webhook Authorization header at start-up: keep its log private
  touch "$dir/registry.log" && chmod 600 "$dir/registry.log"
  bgstart registry "$dir" docker-registry serve "$dir/config.yml"
}

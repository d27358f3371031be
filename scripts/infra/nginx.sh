# shellcheck shell=bash
# Nginx with the Lua module: a 404 default server on the data port, an admin server with /health.
# conf.d/ (http level) and admin.d/ (admin server locations) start empty; the LB agent fills them.

nginx_packages() { echo nginx-light libnginx-mod-http-lua; }
nginx_binary() { echo nginx; }
nginx_ports() { echo "$NGINX_PORT" "$NGINX_ADMIN_PORT"; }
nginx_url() { echo "http://127.0.0.1:$NGINX_PORT"; }
nginx_admin_url() { echo "http://127.0.0.1:$NGINX_ADMIN_PORT"; }
nginx_healthy() { [ "$(http_code "$(nginx_admin_url)/health")" = 200 ]; }
nginx_env() {
  local dir="$INFRA_DIR/nginx"
  echo "CELLPORT_NGINX_URL=$(nginx_url)"
  echo "CELLPORT_NGINX_ADMIN_URL=$(nginx_admin_url)"
  echo "CELLPORT_NGINX_PREFIX=$dir/"
  echo "CELLPORT_NGINX_CONF=$dir/nginx.conf"
  echo "CELLPORT_NGINX_CONF_DIR=$dir/conf.d"
}

nginx_start() {
  local dir
  dir=$(comp_dir nginx)
  mkdir -p "$dir/conf.d" "$dir/admin.d" "$dir/lua" "$dir/tmp"
  render nginx.conf "$dir/nginx.conf" DIR="$dir" PORT="$NGINX_PORT" ADMIN_PORT="$NGINX_ADMIN_PORT"
  local n=(nginx -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log")
  if ! "${n[@]}" -t -q 2>"$dir/nginx-test.log"; then
    cat "$dir/nginx-test.log" >&2
    die "nginx: configuration test failed ($dir/nginx.conf)"
  fi
  # foreground master started in the background: $! is the master's PID
  bgstart nginx "$dir" "${n[@]}" -g 'daemon off;'
}

#!/bin/sh
# ${{ values.name }}: busybox httpd on $PORT ([IP:]PORT) serving www/ next to this script:
# GET / and /healthz (static files), /metrics (Prometheus text, www/cgi-bin/index.cgi).
here=$(cd "$(dirname "$0")" && pwd)
export STATE_DIR=${STATE_DIR:-/tmp/${{ values.name }}}
mkdir -p "$STATE_DIR"
date +%s >"$STATE_DIR/started"
chmod +x "$here/www/cgi-bin/index.cgi"
exec busybox httpd -f -p "${PORT:-8080}" -h "$here/www"

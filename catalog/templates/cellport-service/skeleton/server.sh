#!/bin/sh
# ${{ values.name }}: serves /app/www on $PORT with busybox httpd (health: GET /healthz).
exec httpd -f -p "${PORT:-8080}" -h /app/www

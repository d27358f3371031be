#!/bin/sh
# ${{ values.name }}: the dynamic page, run by busybox httpd as CGI for every folder without an
# index.html: /metrics/ (Prometheus text; /metrics redirects there). / is www/index.html and
# /healthz is www/healthz, both static.
state=${STATE_DIR:-/tmp/${{ values.name }}}
case "$REQUEST_URI" in
/metrics/*)
  n=$(($(cat "$state/scrapes" 2>/dev/null || echo 0) + 1))
  echo "$n" >"$state/scrapes"
  printf 'Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n\r\n'
  echo '# HELP http_requests_total Requests to /metrics served since the start.'
  echo '# TYPE http_requests_total counter'
  echo "http_requests_total{path=\"/metrics\"} $n"
  echo '# HELP process_start_time_seconds When the service started, in seconds since the epoch.'
  echo '# TYPE process_start_time_seconds gauge'
  echo "process_start_time_seconds $(cat "$state/started" 2>/dev/null || echo 0)"
  echo '# HELP service_info The service.'
  echo '# TYPE service_info gauge'
  echo "service_info{service=\"${{ values.name }}\"} 1"
  ;;
*)
  printf 'Status: 404 Not Found\r\nContent-Type: text/plain\r\n\r\nnot found\n'
  ;;
esac

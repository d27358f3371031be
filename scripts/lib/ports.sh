# shellcheck shell=bash
# Ports and folders of one portal instance. `npm start` uses the defaults; the test suite runs its own
# instance (CELLPORT_INSTANCE=test) on other ports and state, so it never disturbs a running portal.
: "${CELLPORT_INSTANCE:=dev}"
if [ "$CELLPORT_INSTANCE" = test ]; then
  : "${CELLPORT_STATE_DIR:=$CELLPORT_ROOT/.cellport/test}"
  : "${CELLPORT_BACKEND_PORT:=7107}" "${CELLPORT_OIDC_PORT:=7109}" "${CELLPORT_SIM_PORT_BASE:=6651}"
  : "${CELLPORT_ETCD_PORT:=23890}" "${CELLPORT_ETCD_PEER_PORT:=23900}" "${CELLPORT_REGISTRY_PORT:=5150}"
  : "${CELLPORT_NGINX_PORT:=8180}" "${CELLPORT_NGINX_ADMIN_PORT:=8181}" "${CELLPORT_PROMETHEUS_PORT:=9190}"
  : "${CELLPORT_ALERTMANAGER_PORT:=9193}"
elif [ "$CELLPORT_INSTANCE" = adopter ]; then
  # scripts/adopter-portals.sh: the stock Backstage portals that install Cellport from tarballs
  : "${CELLPORT_STATE_DIR:=$CELLPORT_ROOT/.cellport/adopter}"
  : "${CELLPORT_BACKEND_PORT:=7207}" "${CELLPORT_OIDC_PORT:=7209}" "${CELLPORT_SIM_PORT_BASE:=6751}"
  : "${CELLPORT_REGISTRY_PORT:=5250}"
else
  : "${CELLPORT_STATE_DIR:=$CELLPORT_ROOT/.cellport}"
  : "${CELLPORT_BACKEND_PORT:=7007}" "${CELLPORT_OIDC_PORT:=7009}" "${CELLPORT_SIM_PORT_BASE:=6551}"
fi
export CELLPORT_INSTANCE CELLPORT_STATE_DIR CELLPORT_BACKEND_PORT CELLPORT_OIDC_PORT CELLPORT_SIM_PORT_BASE
for v in CELLPORT_ETCD_PORT CELLPORT_ETCD_PEER_PORT CELLPORT_REGISTRY_PORT CELLPORT_NGINX_PORT CELLPORT_NGINX_ADMIN_PORT CELLPORT_PROMETHEUS_PORT CELLPORT_ALERTMANAGER_PORT; do [ -n "${!v:-}" ] && export "${v?}"; done
export CELLPORT_URL="http://127.0.0.1:$CELLPORT_BACKEND_PORT"
export CELLPORT_BACKEND_URL="$CELLPORT_URL"
export CELLPORT_RUN_DIR="$CELLPORT_STATE_DIR/run"
# LB group dev-public: two slb agents with their own Nginx on 127.0.0.11 and 127.0.0.12 (same ports on both);
# by default 200 above the instance's Nginx port (dev 8280, test 8380, CELLPORT_NGINX_PORT=35080 -> 35280)
_slb_nginx_port=${CELLPORT_NGINX_PORT:-8080}
[ "$CELLPORT_INSTANCE" = test ] && _slb_nginx_port=${CELLPORT_NGINX_PORT:-8180}
: "${CELLPORT_SLB_PORT:=$((_slb_nginx_port + 200))}"
: "${CELLPORT_SLB_ADMIN_PORT:=$((CELLPORT_SLB_PORT + 1))}" "${CELLPORT_SLB_METRICS_PORT:=$((CELLPORT_SLB_PORT + 2))}"
unset _slb_nginx_port
export CELLPORT_SLB_PORT CELLPORT_SLB_ADMIN_PORT CELLPORT_SLB_METRICS_PORT
# builds: the local git server (smart HTTP) of scripts/builds-local.sh
if [ "$CELLPORT_INSTANCE" = test ]; then : "${CELLPORT_GIT_PORT:=8518}"; else : "${CELLPORT_GIT_PORT:=8418}"; fi
export CELLPORT_GIT_PORT
# observability: the SkyWalking development server (segments in, GraphQL query protocol out)
if [ "$CELLPORT_INSTANCE" = test ]; then : "${CELLPORT_SKYWALKING_PORT:=12900}"; else : "${CELLPORT_SKYWALKING_PORT:=12800}"; fi
export CELLPORT_SKYWALKING_PORT

# shellcheck shell=bash
# Alertmanager (Debian's prometheus-alertmanager): Prometheus sends the alerts of the apps' alert
# rules here; one route delivers every alert, and its resolution, to the portal's webhook
# ($BACKEND_URL/api/observability/alertmanager/webhook) with a shared bearer secret
# (<state>/infra/alertmanager/webhook.secret, created on first start). Clustering is off.

alertmanager_packages() { echo prometheus-alertmanager; }
alertmanager_binary() { echo prometheus-alertmanager; }
alertmanager_ports() { echo "$ALERTMANAGER_PORT"; }
alertmanager_url() { echo "http://127.0.0.1:$ALERTMANAGER_PORT"; }
alertmanager_healthy() { [ "$(http_code "$(alertmanager_url)/-/ready")" = 200 ]; }
alertmanager_env() {
  echo "CELLPORT_ALERTMANAGER_URL=$(alertmanager_url)"
  echo "CELLPORT_ALERT_WEBHOOK_SECRET_FILE=$INFRA_DIR/alertmanager/webhook.secret"
}

alertmanager_start() {
  local dir
  dir=$(comp_dir alertmanager)
  mkdir -p "$dir/data"
  secret_file "$dir/webhook.secret"
  render alertmanager.yml "$dir/alertmanager.yml" \
    WEBHOOK_URL="$BACKEND_URL/api/observability/alertmanager/webhook" SECRET_FILE="$dir/webhook.secret"
  bgstart alertmanager "$dir" prometheus-alertmanager --config.file="$dir/alertmanager.yml" \
    --storage.path="$dir/data" --web.listen-address="127.0.0.1:$ALERTMANAGER_PORT" \
    --cluster.listen-address=
}

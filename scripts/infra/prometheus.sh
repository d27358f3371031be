# shellcheck shell=bash
# Prometheus 2.x: scrapes itself plus file_sd targets from <state>/cells/prometheus/*.json (simulated
# cells' pods) and <state>/infra/prometheus/targets/*.json; rules from rules/*.yml; retention 2h.

prometheus_packages() { echo prometheus; }
prometheus_binary() { echo prometheus; }
prometheus_ports() { echo "$PROMETHEUS_PORT"; }
prometheus_url() { echo "http://127.0.0.1:$PROMETHEUS_PORT"; }
prometheus_healthy() { [ "$(http_code "$(prometheus_url)/-/ready")" = 200 ]; }
prometheus_env() {
  echo "CELLPORT_PROMETHEUS_URL=$(prometheus_url)"
  echo "CELLPORT_PROMETHEUS_TARGETS_DIR=$INFRA_DIR/prometheus/targets"
  echo "CELLPORT_CELLS_PROMETHEUS_DIR=$CELLPORT_STATE_DIR/cells/prometheus"
}

prometheus_start() {
  local dir
  dir=$(comp_dir prometheus)
  mkdir -p "$dir/data" "$dir/targets" "$dir/rules" "$CELLPORT_STATE_DIR/cells/prometheus"
  render prometheus.yml "$dir/prometheus.yml" DIR="$dir" STATE="$CELLPORT_STATE_DIR" PORT="$PROMETHEUS_PORT"
  bgstart prometheus "$dir" prometheus --config.file="$dir/prometheus.yml" \
    --storage.tsdb.path="$dir/data" --storage.tsdb.retention.time=2h \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" --web.enable-lifecycle
}

# shellcheck shell=bash
# Prometheus 2.x: scrapes itself, file_sd targets from <state>/infra/prometheus/targets/*.json and the
# pods of the cells: one job cell-<name> per cell from <state>/infra/prometheus/cell-jobs.yml (set by
# `infra.sh prometheus-cells`, which re-renders prometheus.yml and reloads); rules from rules/*.yml
# (the observability plugin writes the apps' alert rules there); alerts to Alertmanager; retention 2h.

prometheus_packages() { echo prometheus; }
prometheus_binary() { echo prometheus; }
prometheus_ports() { echo "$PROMETHEUS_PORT"; }
prometheus_url() { echo "http://127.0.0.1:$PROMETHEUS_PORT"; }
prometheus_healthy() { [ "$(http_code "$(prometheus_url)/-/ready")" = 200 ]; }
prometheus_env() {
  echo "CELLPORT_PROMETHEUS_URL=$(prometheus_url)"
  echo "CELLPORT_PROMETHEUS_TARGETS_DIR=$INFRA_DIR/prometheus/targets"
  echo "CELLPORT_PROMETHEUS_RULES_DIR=$INFRA_DIR/prometheus/rules"
}

# prometheus_render OUT : renders the template with the current cell jobs (indented under scrape_configs)
prometheus_render() {
  local dir jobs=
  dir=$(comp_dir prometheus)
  if [ -s "$dir/cell-jobs.yml" ]; then jobs=$(sed -e '/^#/d' -e '/^\[\]$/d' -e 's/^/  /' "$dir/cell-jobs.yml"); fi
  render prometheus.yml "$1" DIR="$dir" PORT="$PROMETHEUS_PORT" ALERTMANAGER_PORT="$ALERTMANAGER_PORT" CELL_JOBS="$jobs"
}

prometheus_start() {
  local dir
  dir=$(comp_dir prometheus)
  mkdir -p "$dir/data" "$dir/targets" "$dir/rules"
  prometheus_render "$dir/prometheus.yml"
  bgstart prometheus "$dir" prometheus --config.file="$dir/prometheus.yml" \
    --storage.tsdb.path="$dir/data" --storage.tsdb.retention.time=2h \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" --web.enable-lifecycle
}

# prometheus_set_cells JOBS_YML : makes JOBS_YML (a YAML sequence of scrape configs, as printed by
# `cell-sim prometheus-config`) the cell jobs; checks the result with promtool, re-renders
# prometheus.yml and reloads a running Prometheus (POST /-/reload)
prometheus_set_cells() {
  local src=$1 dir pid code
  [ -f "$src" ] || die "prometheus-cells: no such file: $src"
  dir=$(comp_dir prometheus)
  cp "$src" "$dir/cell-jobs.yml.new"
  mv "$dir/cell-jobs.yml" "$dir/cell-jobs.yml.old" 2>/dev/null || true
  mv "$dir/cell-jobs.yml.new" "$dir/cell-jobs.yml"
  prometheus_render "$dir/prometheus.yml.new"
  if command -v promtool >/dev/null && ! promtool check config "$dir/prometheus.yml.new" >"$dir/promtool.log" 2>&1; then
    mv "$dir/cell-jobs.yml.old" "$dir/cell-jobs.yml" 2>/dev/null || rm -f "$dir/cell-jobs.yml"
    rm -f "$dir/prometheus.yml.new"
    cat "$dir/promtool.log" >&2
    die "prometheus-cells: the cell jobs in $src do not make a valid configuration (kept the previous one)"
  fi
  rm -f "$dir/cell-jobs.yml.old"
  mv "$dir/prometheus.yml.new" "$dir/prometheus.yml"
  pid=$(pid_of prometheus)
  if [ -z "$pid" ]; then
    say "prometheus: not running; the cell jobs apply at its next start"
    return 0
  fi
  code=$(curl -s -o "$dir/reload.log" -m 30 -w '%{http_code}' -X POST "$(prometheus_url)/-/reload" 2>/dev/null || true)
  [ "$code" = 200 ] || die "prometheus-cells: reload failed (HTTP ${code:-none}): $(cat "$dir/reload.log" 2>/dev/null)"
  say "prometheus: cell jobs $(grep -c '^- job_name:' "$dir/cell-jobs.yml" || true) loaded (pid $pid)"
}

# shellcheck shell=bash
# etcd 3.4, single member, fast election (leader in ~0.1 s), data kept in <state>/infra/etcd/data.

etcd_packages() { echo etcd-server etcd-client; }
etcd_binary() { echo etcd; }
etcd_ports() { echo "$ETCD_PORT" "$ETCD_PEER_PORT"; }
etcd_url() { echo "http://127.0.0.1:$ETCD_PORT"; }
etcd_healthy() { [ "$(http_code "$(etcd_url)/health")" = 200 ]; }
etcd_env() { echo "CELLPORT_ETCD_URL=$(etcd_url)"; }

etcd_start() {
  local dir peer="http://127.0.0.1:$ETCD_PEER_PORT"
  dir=$(comp_dir etcd)
  bgstart etcd "$dir" etcd --name cellport --data-dir "$dir/data" \
    --logger=zap --log-outputs=stderr --log-level=warn \
    --heartbeat-interval=10 --election-timeout=100 \
    --listen-client-urls "$(etcd_url)" --advertise-client-urls "$(etcd_url)" \
    --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" \
    --initial-cluster "cellport=$peer" --initial-cluster-state new
}

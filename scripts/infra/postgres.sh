# shellcheck shell=bash
# PostgreSQL for tests (started only when asked): the Debian cluster via pg_ctlcluster when it exists
# (created with pg_createcluster when there is none), otherwise a private cluster in the state folder.
# Listens on 127.0.0.1 only; role postgres, password postgres. A server that was already running is
# left alone, and `stop postgres` only stops a server this script started (marker file below).

PG_PASSWORD=postgres

postgres_packages() { echo postgresql; }
postgres_binary() { echo postgres; }
postgres_port() {
  if command -v pg_lsclusters >/dev/null; then pg_cluster | awk '{print $3}'; else echo "$POSTGRES_PORT_WANTED"; fi
}
postgres_url() { echo "postgresql://postgres:$PG_PASSWORD@127.0.0.1:$(postgres_port)/postgres"; }
postgres_healthy() { pg_isready -q -h 127.0.0.1 -p "$(postgres_port)" 2>/dev/null; }
postgres_env() {
  postgres_healthy || return 0
  echo "POSTGRES_HOST=127.0.0.1"
  echo "POSTGRES_PORT=$(postgres_port)"
  echo "POSTGRES_USER=postgres"
  echo "POSTGRES_PASSWORD=$PG_PASSWORD"
  echo "CELLPORT_POSTGRES_URL=$(postgres_url)"
}

# pg_cluster -> "VERSION NAME PORT STATUS OWNER DATADIR": the cluster on the wanted port, else the first
pg_cluster() {
  local all
  all=$(pg_lsclusters -h 2>/dev/null || true)
  awk -v p="$POSTGRES_PORT_WANTED" '$3 == p' <<<"$all" | head -n1 | grep . || head -n1 <<<"$all"
}

# postgres_pid -> PID of the running postmaster (recorded by start, else read from the cluster)
postgres_pid() {
  local datadir
  if [ -s "$INFRA_DIR/postgres/postgres.pid" ]; then cat "$INFRA_DIR/postgres/postgres.pid"; return; fi
  if command -v pg_lsclusters >/dev/null; then datadir=$(pg_cluster | awk '{print $6}'); else datadir="$INFRA_DIR/postgres/data"; fi
  head -n1 "$datadir/postmaster.pid" 2>/dev/null || true
}

pg_record_pid() {
  local dir=$1 datadir=$2
  head -n1 "$datadir/postmaster.pid" >"$dir/postgres.pid" 2>/dev/null || true
}

# the password login the connection string promises; set it (as the postgres OS user) when it fails
pg_ensure_password() {
  local port=$1 sql="ALTER ROLE postgres PASSWORD '$PG_PASSWORD'"
  PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=5 psql -qAtX -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c 'select 1' >/dev/null 2>&1 && return 0
  say "postgres: setting the password of role postgres"
  if [ "$(id -u)" = 0 ]; then
    (cd / && runuser -u postgres -- psql -qAtX -p "$port" -d postgres -c "$sql" >/dev/null)
  else
    psql -qAtX -p "$port" -U postgres -d postgres -c "$sql" >/dev/null
  fi
}

postgres_wait() {
  local dir=$1 log=$2 deadline=$((SECONDS + INFRA_TIMEOUT))
  until postgres_healthy; do
    if ((SECONDS >= deadline)); then
      say "postgres: not ready after ${INFRA_TIMEOUT}s; last lines of $log:"
      tail -n 30 "$log" >&2 || true
      return 1
    fi
    sleep 0.2
  done
}

postgres_cmd_start() {
  local dir c ver name port status datadir
  dir=$(comp_dir postgres)
  if ! command -v pg_ctlcluster >/dev/null; then postgres_private_start "$dir"; return; fi
  c=$(pg_cluster)
  if [ -z "$c" ]; then
    ver=$(ls /usr/lib/postgresql | sort -V | tail -n1)
    say "postgres: no cluster; creating $ver/main on port $POSTGRES_PORT_WANTED"
    pg_createcluster --port "$POSTGRES_PORT_WANTED" "$ver" main >&2
    c=$(pg_cluster)
  fi
  read -r ver name port status _ datadir _ <<<"$c"
  if [[ $status == online* ]]; then
    say "postgres: cluster $ver/$name already running on port $port; leaving it alone"
    # a marker from an earlier start only counts while the server it started is still the one running
    if [ -f "$dir/started-by-cellport" ] && [ "$(cat "$dir/postgres.pid" 2>/dev/null)" != "$(head -n1 "$datadir/postmaster.pid")" ]; then
      rm -f "$dir/started-by-cellport"
    fi
  else
    say "postgres: starting cluster $ver/$name on 127.0.0.1:$port"
    pg_ctlcluster "$ver" "$name" start -- -o "-c listen_addresses=127.0.0.1" >&2
    echo "$ver $name" >"$dir/started-by-cellport"
  fi
  postgres_wait "$dir" "/var/log/postgresql/postgresql-$ver-$name.log"
  pg_record_pid "$dir" "$datadir"
  pg_ensure_password "$port"
  echo "$(postgres_url)"
}

# no postgresql-common (not Debian): initdb + pg_ctl, data in the state folder
postgres_private_start() {
  local dir=$1 bin
  bin=$(dirname "$(command -v initdb || ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1)")
  [ -x "$bin/initdb" ] || die "postgres: neither pg_ctlcluster nor initdb found"
  if postgres_healthy; then
    say "postgres: already running on port $POSTGRES_PORT_WANTED; leaving it alone"
  else
    if [ ! -s "$dir/data/PG_VERSION" ]; then
      echo "$PG_PASSWORD" >"$dir/pwfile"
      "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" --auth-local=trust --auth-host=scram-sha-256 >&2
      rm -f "$dir/pwfile"
    fi
    "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w start \
      -o "-c listen_addresses=127.0.0.1 -p $POSTGRES_PORT_WANTED -c unix_socket_directories='$dir'" >&2
    echo "private $bin" >"$dir/started-by-cellport"
  fi
  postgres_wait "$dir" "$dir/postgres.log"
  pg_record_pid "$dir" "$dir/data"
  echo "$(postgres_url)"
}

postgres_cmd_stop() {
  local dir="$INFRA_DIR/postgres" ver name
  if [ ! -f "$dir/started-by-cellport" ]; then
    [ -f "$dir/postgres.pid" ] && say "postgres: not started by this script; leaving it running"
    rm -f "$dir/postgres.pid"
    return 0
  fi
  read -r ver name <"$dir/started-by-cellport"
  if [ "$ver" = private ]; then
    "$name/pg_ctl" -D "$dir/data" -m fast stop >&2 || true
  else
    pg_ctlcluster "$ver" "$name" stop >&2 || true
  fi
  rm -f "$dir/started-by-cellport" "$dir/postgres.pid"
  say "postgres: stopped"
}

#!/usr/bin/env bash
# Makes sure a PostgreSQL server for tests and local scale-out runs answers on loopback, and that
# the databases named as arguments exist. Prints the server's base URL (no database) on stdout:
#   postgresql://postgres@127.0.0.1:${PG_PORT:-55432}
# It is a throwaway cluster: trust authentication on 127.0.0.1 only, durability settings off for
# speed, data in ${PG_DIR:-/tmp/elixir-lessons-postgres-PORT}. Production uses a real server
# (docs/operations.md). On Debian as root it installs the postgresql package when needed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

port=${PG_PORT:-55432}
dir=${PG_DIR:-/tmp/elixir-lessons-postgres-$port}

pg_bin() {
  if have "$1"; then command -v "$1"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1)
  [ -n "$found" ] && echo "$found"
}

if [ -z "$(pg_bin pg_ctl)" ]; then
  can_apt || die "PostgreSQL is not installed. Install it (Debian: 'apt-get install postgresql'), or point DATABASE_URL at a running server."
  apt_install postgresql
fi
pg_ctl=$(pg_bin pg_ctl); initdb=$(pg_bin initdb); psql=$(pg_bin psql); pg_isready=$(pg_bin pg_isready)
[ -n "$pg_ctl" ] && [ -n "$initdb" ] && [ -n "$psql" ] || die "PostgreSQL's programs (pg_ctl, initdb, psql) were not found"

# PostgreSQL refuses to run as root: as root, run its programs as the postgres user.
as_owner() {
  if is_root; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

answers() { "$pg_isready" -q -h 127.0.0.1 -p "$port" >/dev/null 2>&1; }

if ! answers; then
  if [ ! -f "$dir/PG_VERSION" ]; then
    log "postgres: initdb $dir"
    mkdir -p "$dir"
    is_root && chown postgres: "$dir"
    chmod 700 "$dir"
    as_owner "$initdb" -D "$dir" -U postgres --auth=trust --no-locale --encoding=UTF8 >"$dir.initdb.log" 2>&1 ||
      { cat "$dir.initdb.log" >&2; die "initdb failed"; }
  fi
  log "postgres: starting on 127.0.0.1:$port (log: $dir/server.log)"
  as_owner "$pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { tail -n 20 "$dir/server.log" >&2 || true; die "PostgreSQL did not start; see $dir/server.log"; }
  answers || die "PostgreSQL started but does not answer on 127.0.0.1:$port"
fi

for name in "$@"; do
  [[ "$name" =~ ^[a-z_][a-z0-9_]*$ ]] || die "not a database name: $name"
  if [ "$("$psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")" != 1 ]; then
    "$psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE $name" >/dev/null
  fi
done
echo "postgresql://postgres@127.0.0.1:$port"

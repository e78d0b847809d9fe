#!/usr/bin/env bash
# Makes sure a Redis server for tests and local scale-out runs answers on loopback, and prints its
# URL on stdout: redis://127.0.0.1:${REDIS_PORT:-56379}. A throwaway server: no persistence, bound
# to 127.0.0.1, files in ${REDIS_DIR:-/tmp/elixir-lessons-redis-PORT}. Production uses a real one
# (docs/operations.md). On Debian as root it installs the redis-server package when needed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

port=${REDIS_PORT:-56379}
dir=${REDIS_DIR:-/tmp/elixir-lessons-redis-$port}

if ! have redis-server || ! have redis-cli; then
  can_apt || die "Redis is not installed. Install it (Debian: 'apt-get install redis-server'), or point REDIS_URL at a running server."
  apt_install redis-server redis-tools
fi

answers() { [ "$(timeout 5 redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]; }

if ! answers; then
  mkdir -p "$dir"
  log "redis: starting on 127.0.0.1:$port (log: $dir/redis.log)"
  # noeviction: BullMQ's queue must never lose keys to memory pressure.
  redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes --daemonize yes \
    --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
    --save "" --appendonly no --maxmemory-policy noeviction
  for _ in $(seq 1 50); do answers && break; sleep 0.2; done
  answers || { tail -n 20 "$dir/redis.log" >&2 || true; die "Redis did not answer on 127.0.0.1:$port; see $dir/redis.log"; }
fi
echo "redis://127.0.0.1:$port"

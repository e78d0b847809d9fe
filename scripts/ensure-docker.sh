#!/usr/bin/env bash
# Makes sure a Docker engine answers. On Debian as root it installs docker.io and starts dockerd
# when needed; anywhere else it says what to do.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

docker_answers() { have docker && timeout 10 docker info >/dev/null 2>&1; }

docker_answers && exit 0

if ! can_apt; then
  die "no Docker engine answers. Install Docker Engine (https://docs.docker.com/engine/install/), start it (for example 'sudo systemctl start docker'), make sure 'docker info' works for this user, then run this again."
fi

if ! have dockerd; then
  apt_install docker.io
fi

if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST#unix://}" = "$DOCKER_HOST" ]; then
  die "DOCKER_HOST=$DOCKER_HOST does not answer; start that engine or unset DOCKER_HOST to use a local one."
fi

# --bridge=none: with no default bridge no container can get a network, even by mistake.
log "starting dockerd (log: /var/log/dockerd.log)"
nohup dockerd --bridge=none >/var/log/dockerd.log 2>&1 &
for _ in $(seq 1 60); do
  docker_answers && { log "Docker engine is up"; exit 0; }
  sleep 1
done
tail -n 20 /var/log/dockerd.log >&2 || true
die "dockerd did not answer within 60 s; see /var/log/dockerd.log"

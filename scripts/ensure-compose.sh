#!/usr/bin/env bash
# Makes sure a Compose CLI works: `docker compose` (v2) or `docker-compose`. On Debian as root it
# installs Debian's docker-compose package (1.29) when neither is there; compose.yaml works with both.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

docker compose version >/dev/null 2>&1 && exit 0
have docker-compose && docker-compose version >/dev/null 2>&1 && exit 0
can_apt || die "no Compose CLI. Install Docker Compose (https://docs.docker.com/compose/install/) or Debian's docker-compose package."
apt_install docker-compose
docker-compose version >/dev/null 2>&1 || die "docker-compose was installed but does not run"

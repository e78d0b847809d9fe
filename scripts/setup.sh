#!/usr/bin/env bash
# Everything the site needs before it can start, idempotent and quick when nothing changed:
# npm dependencies, the Prisma client, a Docker engine, the sandbox image, the database and
# the lessons in it. `npm start` and `npm test` both begin here.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

have node || die "Node.js 20.19+ is needed (https://nodejs.org)."

lock_hash=$(sha256sum package-lock.json | cut -c1-64)
if [ "$(cat node_modules/.setup-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  log "npm ci"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.setup-lock-hash
fi

log "prisma generate"
npx prisma generate >/dev/null

bash scripts/ensure-docker.sh
if ! have debootstrap && can_apt; then apt_install debootstrap; fi
bash sandbox-image/build.sh

log "database: migrate ${DATABASE_URL:-file:./data/app.db}"
npx prisma migrate deploy >/dev/null
log "content:sync"
npm run --silent content:sync

#!/usr/bin/env bash
# Everything the site needs before it can start, idempotent and quick when nothing changed:
# npm dependencies, the Prisma client, a Docker engine, the sandbox image, the database and
# the lessons in it. `npm start` and `npm test` both begin here.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

have node || die "Node.js 20.19+ is needed (https://nodejs.org)."

# package.json counts too: its allowScripts decides which install scripts run.
lock_hash=$(cat package.json package-lock.json | sha256sum | cut -c1-64)
if [ "$(cat node_modules/.setup-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  log "npm ci"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.setup-lock-hash
fi
# argon2's install script compiles it when its prebuilt binary does not load on this machine (it
# crashes on these VMs); make sure the module really works before anything needs a password.
argon2_works() { node -e 'require("argon2").hash("setup-check").then(() => process.exit(0), () => process.exit(1))' 2>/dev/null; }
if ! argon2_works; then
  log "building argon2 from source (its prebuilt binary does not work here)"
  npm rebuild argon2 --no-audit --no-fund
  argon2_works || die "the argon2 native module does not work here even built from source (needs python3, make, g++)"
fi

# Both clients: SQLite's, and PostgreSQL's for scale-out (generated from the same models; this
# needs no PostgreSQL server). The app loads the one DATABASE_URL names. Each is generated again
# only when its schema or the installed packages changed.
for pair in prisma/schema.prisma:prisma prisma/postgres/schema.prisma:prisma-pg; do
  schema=${pair%%:*} client=lib/generated/${pair#*:}
  stamp="$client/.schema-hash"
  schema_hash=$(cat "$schema" node_modules/.setup-lock-hash | sha256sum | cut -c1-64)
  if [ ! -f "$client/client.ts" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$schema_hash" ]; then
    log "prisma generate --schema $schema"
    npx prisma generate --schema "$schema" >/dev/null
    echo "$schema_hash" > "$stamp"
  fi
done

bash scripts/ensure-docker.sh
# gVisor (SANDBOX_RUNTIME=runsc): installed and registered with the engine by a reload, never a restart.
case "${SANDBOX_RUNTIME:-runc}" in
  runc) ;;
  runsc) bash scripts/ensure-runsc.sh ;;
  *) die "SANDBOX_RUNTIME must be runc or runsc, not '$SANDBOX_RUNTIME'" ;;
esac
if ! have debootstrap && can_apt; then apt_install debootstrap; fi
bash sandbox-image/build.sh
# The code editor's help index, from the image's own Elixir; `next build` ships it (public/).
bash sandbox-image/docs/build-docs.sh

log "database: migrate ${DATABASE_URL:-file:./data/app.db}"
npx prisma migrate deploy >/dev/null
# The sync proves every changed exercise in the sandbox first (docs/authoring.md, "Publishing").
# Exit 3: it held something back and published the rest; the site still starts, the problems are above.
log "content:sync"
sync_status=0
npm run --silent content:sync || sync_status=$?
if [ "$sync_status" = 3 ]; then
  log "content:sync held back what did not prove itself in the sandbox (above); the rest of the course is live"
elif [ "$sync_status" != 0 ]; then
  exit "$sync_status"
fi

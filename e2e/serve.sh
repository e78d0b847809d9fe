#!/usr/bin/env bash
# Serves the production build for the end-to-end tests on its own, freshly made database.
# usage: e2e/serve.sh PORT [DB_NAME]   (SANDBOX_IMAGE etc. pass through from the environment)
set -euo pipefail
cd "$(dirname "$0")/.."
db="${2:-e2e}"
export DATABASE_URL="file:./data/${db}.db"
# The first admin, created on start from the environment (e2e/admin.spec.ts signs in with it).
export ADMIN_USERNAME="${E2E_ADMIN_USERNAME:-e2e-admin}" ADMIN_PASSWORD="${E2E_ADMIN_PASSWORD:-Dashboard-Key-2026!}"
rm -f "data/${db}.db" "data/${db}.db-journal" "data/${db}.db-wal" "data/${db}.db-shm"
npx prisma migrate deploy >/dev/null
# Exit 3: the sync's gate held back exercises that did not prove themselves (printed on stderr);
# the rest of the course is live, as with npm start.
sync_status=0
npm run --silent content:sync >/dev/null || sync_status=$?
[ "$sync_status" = 0 ] || [ "$sync_status" = 3 ] || exit "$sync_status"
exec node scripts/server.mjs -H 127.0.0.1 -p "${1:-3100}"

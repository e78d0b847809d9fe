#!/usr/bin/env bash
# Serves the production build for the end-to-end tests on its own, freshly made database.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="file:./data/e2e.db"
# The first admin, created on start from the environment (e2e/admin.spec.ts signs in with it).
export ADMIN_USERNAME="${E2E_ADMIN_USERNAME:-e2e-admin}" ADMIN_PASSWORD="${E2E_ADMIN_PASSWORD:-Dashboard-Key-2026!}"
rm -f data/e2e.db data/e2e.db-journal data/e2e.db-wal data/e2e.db-shm
npx prisma migrate deploy >/dev/null
npm run --silent content:sync >/dev/null
exec npx next start -H 127.0.0.1 -p "${1:-3100}"

#!/usr/bin/env bash
# Serves the production build for the end-to-end tests on its own, freshly made database.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="file:./data/e2e.db"
rm -f data/e2e.db data/e2e.db-journal data/e2e.db-wal data/e2e.db-shm
npx prisma migrate deploy >/dev/null
npm run --silent content:sync >/dev/null
exec npx next start -H 127.0.0.1 -p "${1:-3100}"

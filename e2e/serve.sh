#!/usr/bin/env bash
# Serves the production build for the end-to-end tests on its own, freshly made database.
# usage: e2e/serve.sh PORT [DB_NAME]   (SANDBOX_IMAGE etc. pass through from the environment)
set -euo pipefail
cd "$(dirname "$0")/.."
db="${2:-e2e}"
export DATABASE_URL="file:./data/${db}.db"
rm -f "data/${db}.db" "data/${db}.db-journal" "data/${db}.db-wal" "data/${db}.db-shm"
npx prisma migrate deploy >/dev/null
npm run --silent content:sync >/dev/null
exec npx next start -H 127.0.0.1 -p "${1:-3100}"

#!/usr/bin/env bash
# `npm start`: set everything up, build, and serve the site on http://localhost:${PORT:-3000}.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

bash scripts/setup.sh
log "next build"
npx next build
log "serving on http://localhost:${PORT:-3000}"
exec npx next start -p "${PORT:-3000}"

#!/usr/bin/env bash
# `npm start`: set everything up, build, and serve the site on http://localhost:${PORT:-3000}.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

bash scripts/setup.sh

# Rebuild only when a source file changed since the last build (always outside a git checkout).
source_hash=$( { git ls-files -z --cached --others --exclude-standard | xargs -0 sha256sum; } 2>/dev/null | sha256sum | cut -c1-64)
if [ -f .next/BUILD_ID ] && [ "$(cat .next/.source-hash 2>/dev/null)" = "$source_hash" ] && git rev-parse --git-dir >/dev/null 2>&1; then
  log "next build: up to date"
else
  log "next build"
  npx next build
  echo "$source_hash" > .next/.source-hash
fi
log "serving on http://localhost:${PORT:-3000}"
# The server itself, not npx, becomes this process: SIGTERM/SIGINT reach it directly, so it
# finishes the runs in flight and removes its containers (npx does not pass signals on).
exec node scripts/server.mjs -p "${PORT:-3000}"

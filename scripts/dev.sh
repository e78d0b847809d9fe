#!/usr/bin/env bash
# `npm run dev`: the development server, with `content:sync --watch` beside it so that every save
# of a lesson is proved in the sandbox and synced, and its verdict printed, within seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
node_modules/.bin/tsx --conditions=react-server scripts/content-sync.ts --watch &
watcher=$!
trap 'kill "$watcher" 2>/dev/null || true' EXIT
node scripts/server.mjs --dev "$@"

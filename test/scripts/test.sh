#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh machine or a warm one. Sets up what it needs, then runs
# lint, type checks, unit tests, integration tests against the real Docker sandbox and database
# (SQLite, then the database ones again on a throwaway PostgreSQL server; the sandbox's attack and
# outcome tests again under the other runtime, gVisor's runsc by default), a production build, a
# short load test against it, the scale-out test (two web processes and two sandbox workers on
# PostgreSQL + Redis, one worker killed mid-run), the Compose deployment (its images built from
# Debian packages, `npm run deploy:images`, then the stack run for real and removed again, `npm run
# test:compose`; a cold image build is the longest step, see docs/operations.md "Deploy with
# Compose"), and the Playwright end-to-end tests in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh

start=$(date +%s)
bash scripts/setup.sh
bash test/scripts/ensure-chromium.sh

log "lint";               npx eslint --max-warnings=0 . && npx tsx test/scripts/check-exports.ts
log "typecheck";          npx next typegen >/dev/null && npx tsc --noEmit
log "unit tests";         npx vitest run --project unit
log "integration tests";  npx vitest run --project integration
# The attack suite and the outcome tests once more under the other runtime (runsc, or runc when
# SANDBOX_RUNTIME=runsc), so that both walls are tested: about 9 minutes under runsc here.
other_runtime=$([ "${SANDBOX_RUNTIME:-runc}" = runsc ] && echo runc || echo runsc)
log "attack suite and outcome tests under $other_runtime"
[ "$other_runtime" = runc ] || bash scripts/ensure-runsc.sh
SANDBOX_RUNTIME=$other_runtime npx vitest run --project integration lib/sandbox/sandbox.integration.test.ts lib/sandbox/judge.integration.test.ts lib/sandbox/faults.integration.test.ts
log "integration tests on PostgreSQL"; bash scripts/ensure-postgres.sh elixir_test_pg >/dev/null && npx vitest run --project integration-pg
log "content check";      npm run --silent content:check
log "next build";         npx next build
log "client bundle check"; npx tsx test/scripts/check-client-bundle.ts
log "load test";          npm run --silent load -- --duration 20
log "scale-out test";     npm run --silent test:cluster
# The build trusts the CAs this host adds to Debian's (a TLS-inspecting proxy before the npm
# registry, as on the machines here); elsewhere the folder is empty and nothing is added.
extra_ca=""
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then extra_ca=/usr/local/share/ca-certificates; fi
log "compose images";     DEPLOY_EXTRA_CA="${DEPLOY_EXTRA_CA:-$extra_ca}" npm run --silent deploy:images
log "compose test";       npm run --silent test:compose
log "end-to-end tests";   npx playwright test
log "all tests passed in $(( $(date +%s) - start )) s"

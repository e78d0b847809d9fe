# One image for every part of the scale-out deployment (compose.yaml): the web tier
# (scripts/server.mjs), the sandbox workers (scripts/sandbox-worker.ts, which start sandbox
# containers on the host's Docker engine through its socket) and the one-shot migration.
# Build it where a registry is reachable (`docker compose build`); the project's own CI machines
# have none, so CI checks compose.yaml offline (scripts/compose.test.ts) instead of building it.
# The sandbox image is NOT in here: build it on every worker host (`npm run sandbox:image`).
FROM node:20-bookworm-slim

ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /app

# argon2 and better-sqlite3 compile from source when their prebuilt binaries do not load.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

# Dev dependencies stay: the worker and the migration run TypeScript through tsx and the Prisma CLI.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --include=dev \
 && (node -e 'require("argon2").hash("check").then(() => process.exit(0), () => process.exit(1))' || npm rebuild argon2)

COPY . .
# Both Prisma clients (SQLite and PostgreSQL), then the production build. The build reads no
# database; a throwaway SQLite URL keeps the default from pointing anywhere real.
RUN npm run db:generate \
 && DATABASE_URL=file:/tmp/build.db NODE_ENV=production npx next build \
 && rm -f /tmp/build.db* \
 && mkdir -p data && chown node:node data

ENV NODE_ENV=production
USER node
EXPOSE 3000
# Node itself is the process (no npm in between), so SIGTERM reaches it and it drains (docs/operations.md).
CMD ["node", "scripts/server.mjs", "-H", "0.0.0.0", "-p", "3000"]

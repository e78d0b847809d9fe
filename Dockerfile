# The one image of the web tier (scripts/server.mjs), the sandbox workers (dist/sandbox-worker.mjs,
# which start sandbox containers on a Docker engine through its socket) and the one-shot migration
# of the Compose deployment (compose.yaml, docs/operations.md "Deploy with Compose").
#
# BASE is plain Debian trixie: `debian:trixie-slim` where a registry is reachable, or the same
# root filesystem made with debootstrap by `npm run deploy:images` where none is (it passes
# --build-arg BASE=elixir-lessons-debian:trixie-<hash>). Node.js and npm are Debian's packages.
# The sandbox image is NOT in here: build it on every worker host (`npm run sandbox:image`).
ARG BASE=debian:trixie-slim

FROM ${BASE} AS node
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs ca-certificates \
 && rm -rf /var/lib/apt/lists/*

# Every dependency, dev ones included: the build needs them. Install scripts run only for the
# packages package.json's allowScripts names (Debian's npm does not read it): better-sqlite3
# compiles against Debian's Node headers (libnode-dev; no prebuilt binary comes from the npm
# registry), make may run in parallel (JOBS=max), argon2 and esbuild check their binaries.
FROM node AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends npm libnode-dev python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# Opt-in: PEM certificates of extra authorities the build must trust to reach the npm registry,
# for a network whose TLS-inspecting proxy re-signs it (`DEPLOY_EXTRA_CA=<file or folder> npm run
# deploy:images`, or `--build-arg EXTRA_CA_CERTS="$(cat proxy-ca.crt)"`). Empty by default. Only
# the build stages trust them, never the runtime image.
ARG EXTRA_CA_CERTS=""
RUN if [ -n "$EXTRA_CA_CERTS" ]; then \
      printf '%s\n' "$EXTRA_CA_CERTS" >/usr/local/share/ca-certificates/build-extra.crt \
      && update-ca-certificates >/dev/null; \
    fi
ENV npm_config_nodedir=/usr npm_config_cafile=/etc/ssl/certs/ca-certificates.crt \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts \
 && JOBS=max npm rebuild --no-audit --no-fund $(node -p 'Object.entries(require("./package.json").allowScripts).filter(([, on]) => on).map(([name]) => name).join(" ")') \
 && node -e 'require("better-sqlite3")(":memory:").close(); require("argon2").hash("check").then(() => process.exit(0), (e) => { console.error(e); process.exit(1) })'

# Both Prisma clients, the production build, and the TypeScript entry points the runtime needs
# bundled to plain JavaScript (tsx is a dev dependency). Then out of node_modules: dev dependencies,
# the musl builds of Next's compiler and sharp that npm installs beside the glibc ones (~115 MB),
# and better-sqlite3's sources and object files (its compiled module stays). The build reads no
# database, and writes no Turbopack cache that no later build would read.
FROM deps AS build
# The build stage's image stays behind untagged; deploy/images.sh keeps the newest (its layers are
# the npm ci cache) and removes older ones by this label.
LABEL org.opencontainers.image.vendor=elixir-lessons elixir-lessons.stage=build
COPY . .
RUN mkdir -p public data \
 && npm run db:generate \
 && DATABASE_URL=file:/tmp/build.db NODE_ENV=production NEXT_BUILD_CACHE=0 npx next build \
 && npx esbuild scripts/sandbox-worker.ts scripts/content-sync.ts \
      --bundle --platform=node --format=esm --target=node20 --packages=external \
      --conditions=react-server --outdir=dist --out-extension:.js=.mjs --log-level=warning \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf .next/cache /tmp/build.db* \
      node_modules/@next/swc-linux-x64-musl node_modules/@img/*linuxmusl* \
      node_modules/better-sqlite3/deps node_modules/better-sqlite3/build/Release/obj* node_modules/better-sqlite3/build/Release/.deps

FROM node AS runtime
LABEL org.opencontainers.image.vendor=elixir-lessons
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /app/package.json /app/next.config.ts /app/prisma.config.ts ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/.next ./.next
# Static files served as they are: the editor's help index (public/elixir-docs), made on the host
# from the sandbox image's Elixir (sandbox-image/docs/build-docs.sh) before the build.
COPY --from=build /app/public ./public
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/content ./content
# The worker names the sandbox image by a hash of these files (lib/sandbox/image.ts).
COPY --from=build /app/sandbox-image ./sandbox-image
COPY --from=build /app/scripts/server.mjs /app/scripts/forwarded-headers.mjs ./scripts/
# prisma.config.ts and next.config.ts import modules from lib/ when they load.
COPY --from=build /app/lib ./lib
# data/ holds only content-checked.json, if the checkout has it: the exercises it proved in the
# sandbox, which the migration's content sync need not run again (.dockerignore).
COPY --from=build /app/data ./data
RUN chown app:app data
USER app
EXPOSE 3000
# Node itself is the process (no npm in between), so SIGTERM reaches it and it drains (docs/operations.md).
CMD ["node", "scripts/server.mjs", "-H", "0.0.0.0", "-p", "3000"]

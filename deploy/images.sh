#!/usr/bin/env bash
# `npm run deploy:images`: builds every image of the Compose deployment (compose.yaml) without an
# image registry. A plain Debian trixie root filesystem made with debootstrap (the same recipe as
# `debian:trixie-slim`: minbase, no recommends) is imported as elixir-lessons-debian:<hash of the
# recipe>; then the web/worker image (Dockerfile), PostgreSQL, Redis and the reverse proxy
# (deploy/*/Dockerfile) are built FROM it with `--build-arg BASE=<that tag>`. On a machine with a
# registry the same Dockerfiles build unchanged from their default BASE, debian:trixie-slim.
#
# The builds' RUN steps fetch Debian and npm packages, nothing else. They use the engine's default
# bridge; an engine started with --bridge=none has none, and then they use the host's network
# (`--network host`). DEPLOY_EXTRA_CA=<PEM file or folder of .crt files> (opt-in) makes the app's
# build stages trust extra certificate authorities, for a network whose TLS-inspecting proxy
# re-signs the npm registry; the runtime image never has them.
# Idempotent: the base is skipped when its tag exists, and Docker's layer cache makes a rebuild
# with unchanged sources a few seconds. `deploy/images.sh --print-base` prints the base tag.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

suite=trixie
mirror="${DEPLOY_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
prefix="${DEPLOY_IMAGE_PREFIX:-elixir-lessons}"

make_rootfs() {
  local dir="$1"
  debootstrap --variant=minbase "$suite" "$dir" "$mirror" >&2
  # As the slim images do: no recommends, no docs or man pages from later installs either.
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$dir/etc/apt/apt.conf.d/90slim"
  # As the slim images do: apt keeps no downloaded .deb and no package cache in a layer, and
  # fetches no translations.
  printf 'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\nAPT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\nDir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n' >"$dir/etc/apt/apt.conf.d/docker-clean"
  printf 'Acquire::Languages "none";\n' >"$dir/etc/apt/apt.conf.d/docker-no-languages"
  printf 'path-exclude /usr/share/doc/*\npath-include /usr/share/doc/*/copyright\npath-exclude /usr/share/man/*\npath-exclude /usr/share/info/*\npath-exclude /usr/share/locale/*\n' >"$dir/etc/dpkg/dpkg.cfg.d/90slim"
  rm -rf "$dir"/var/cache/apt/* "$dir"/var/lib/apt/lists/* "$dir"/var/cache/debconf/*-old \
    "$dir"/var/lib/dpkg/*-old "$dir"/var/log/* "$dir"/usr/share/man/* "$dir"/usr/share/info/* \
    "$dir"/usr/share/locale/* "$dir"/usr/share/lintian "$dir"/etc/resolv.conf "$dir"/etc/hostname
  find "$dir"/usr/share/doc -mindepth 1 ! -type d ! -name copyright -delete
  find "$dir"/usr/share/doc -mindepth 1 -type d -empty -delete
}

base="$prefix-debian:$suite-$(printf '%s\n' "$suite" "$(declare -f make_rootfs)" | sha256sum | cut -c1-12)"
if [[ "${1:-}" == "--print-base" ]]; then echo "$base"; exit 0; fi

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
started=$SECONDS
bash scripts/ensure-docker.sh

exec 9>"${TMPDIR:-/tmp}/$prefix-deploy-images.lock"
flock 9

if ! image_exists "$base"; then
  if ! have debootstrap; then can_apt || die "debootstrap is missing; apt-get install -y debootstrap"; apt_install debootstrap; fi
  is_root || die "debootstrap needs root to build the base image $base"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  log "base image $base (debootstrap --variant=minbase $suite from $mirror)"
  make_rootfs "$work/rootfs"
  tar -C "$work/rootfs" --numeric-owner -c . |
    docker import --change 'CMD ["bash"]' --change 'ENV LANG=C.UTF-8' --message "debootstrap --variant=minbase $suite" - "$base" >/dev/null
  rm -rf "$work/rootfs"
fi

build() {
  local tag="$1" dockerfile="$2" context="$3" t0=$SECONDS
  shift 3
  log "docker build $tag ($dockerfile)"
  # The legacy builder (the Docker CLI here has no buildx, which BuildKit needs). Its output, each
  # line stamped with the time (so a slow step shows), goes to a log that the next build replaces.
  # --force-rm: a failed step leaves no stopped container holding its layers.
  local out="${TMPDIR:-/tmp}/$prefix-build-${tag##*/}.log"
  if ! DOCKER_BUILDKIT=0 docker build --force-rm "${network[@]}" "$@" --build-arg "BASE=$base" -f "$dockerfile" -t "$tag" "$context" 2>&1 |
    while IFS= read -r line; do printf '%(%T)T %s\n' -1 "$line"; done >"$out"; then
    tail -n 60 "$out" >&2
    die "building $tag failed (log: $out)"
  fi
  log "$tag: $((SECONDS - t0)) s, $(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1 / 1e6}')"
}

network=()
docker network inspect bridge >/dev/null 2>&1 || network=(--network host)
app_opts=()
if [[ -n "${DEPLOY_EXTRA_CA:-}" ]]; then
  if [[ -d "$DEPLOY_EXTRA_CA" ]]; then extra_ca="$(cat "$DEPLOY_EXTRA_CA"/*.crt)"; else extra_ca="$(cat "$DEPLOY_EXTRA_CA")"; fi
  grep -q 'BEGIN CERTIFICATE' <<<"$extra_ca" || die "DEPLOY_EXTRA_CA=$DEPLOY_EXTRA_CA holds no PEM certificate"
  app_opts+=(--build-arg "EXTRA_CA_CERTS=$extra_ca")
  log "the app's build stages trust the extra CAs of $DEPLOY_EXTRA_CA"
fi
[[ -f public/elixir-docs/manifest.json ]] ||
  log "warning: public/elixir-docs is missing: the editor's help will be empty (npm run sandbox:image, then bash sandbox-image/docs/build-docs.sh)"
build "$prefix-app:latest" Dockerfile . "${app_opts[@]}"
build "$prefix-postgres:17" deploy/postgres/Dockerfile deploy/postgres
build "$prefix-redis:7" deploy/redis/Dockerfile deploy/redis
build "$prefix-proxy:latest" deploy/proxy/Dockerfile deploy/proxy
# Earlier builds of the same tags, now untagged. The app's build stage is left untagged by every
# build: the newest one holds the layer cache of the next build (npm ci), so only older ones go.
docker image prune -f --filter "label=org.opencontainers.image.vendor=elixir-lessons" --filter "label!=elixir-lessons.stage=build" >/dev/null 2>&1 || true
docker images --filter dangling=true --filter label=elixir-lessons.stage=build --format '{{.CreatedAt}}\t{{.ID}}' |
  sort -r | tail -n +2 | cut -f2 | xargs -r docker rmi >/dev/null 2>&1 || true
log "deploy images ready in $((SECONDS - started)) s"

#!/usr/bin/env bash
# Builds the Elixir sandbox image without any registry: a Debian trixie root filesystem made with
# debootstrap is imported as a base image (tagged by a hash of its recipe below), then the
# compiled harness is added on top with docker commit. The final image is tagged with a hash of
# the files in this folder, computed the same way by sandboxSourceHash in lib/sandbox/image.ts,
# and also as :latest; `build.sh --print-tag` prints that name and exits. Re-running with the
# same sources is a no-op. prepare.exs compiles the harness and strips the image of shells and
# tools; the VM flags in ENTRYPOINT are explained in docs/sandbox.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repository=elixir-lessons-sandbox
suite=trixie
packages=elixir,erlang-base
mirror="${SANDBOX_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

# sha256 of "<sha256>  <name>\n" lines for every regular, non-hidden file here, sorted by name.
source_hash() {
  (cd "$here" && LC_ALL=C find . -maxdepth 1 -type f ! -name '.*' -printf '%f\n' | LC_ALL=C sort |
    xargs -d '\n' sha256sum | sha256sum | cut -c1-16)
}

make_rootfs() {
  local dir="$1"
  debootstrap --variant=minbase --include="$packages" "$suite" "$dir" "$mirror" >&2
  rm -rf "$dir"/var/cache/apt/* "$dir"/var/lib/apt/lists/* "$dir"/var/cache/debconf/*-old \
    "$dir"/var/lib/dpkg/*-old "$dir"/var/log/* "$dir"/usr/share/man/* "$dir"/usr/share/info/* \
    "$dir"/usr/share/locale/* "$dir"/usr/share/lintian "$dir"/etc/resolv.conf "$dir"/etc/hostname
  find "$dir"/usr/share/doc -mindepth 1 ! -type d ! -name copyright -delete
  find "$dir"/usr/share/doc -mindepth 1 -type d -empty -delete
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
die() { echo "sandbox-image: $*" >&2; exit 1; }

source_tag="$(source_hash)"
image="$repository:$source_tag"
base="$repository-base:$(printf '%s\n' "$suite" "$packages" "$(declare -f make_rootfs)" | sha256sum | cut -c1-16)"

if [[ "${1:-}" == "--print-tag" ]]; then
  echo "$image"
  exit 0
fi

if image_exists "$image"; then
  docker tag "$image" "$repository:latest"
  echo "$image is up to date"
  exit 0
fi

exec 9>"${TMPDIR:-/tmp}/$repository-build.lock"
flock 9
if image_exists "$image"; then
  docker tag "$image" "$repository:latest"
  echo "$image is up to date"
  exit 0
fi

docker info >/dev/null 2>&1 || die "cannot reach the Docker engine; start dockerd (bash scripts/ensure-docker.sh)"
started=$SECONDS
work="$(mktemp -d)"
staging=""
cleanup() {
  [[ -n "$staging" ]] && docker rm -f "$staging" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if ! image_exists "$base"; then
  command -v debootstrap >/dev/null || die "debootstrap is missing; apt-get install -y debootstrap"
  [[ $EUID -eq 0 ]] || die "debootstrap needs root to build the base image $base"
  echo "building base image $base (debootstrap $suite with $packages from $mirror)" >&2
  make_rootfs "$work/rootfs"
  tar -C "$work/rootfs" --numeric-owner -c . | docker import --message "debootstrap $suite $packages" - "$base" >/dev/null
  rm -rf "$work/rootfs"
fi

echo "adding the harness to $base" >&2
erts_dir="$(docker run --rm --network none --entrypoint /bin/sh "$base" -c 'echo /usr/lib/erlang/erts-*')"
[[ "$erts_dir" =~ ^/usr/lib/erlang/erts-[0-9.]+$ ]] || die "cannot find the ERTS directory in $base (got '$erts_dir')"
staging="$(docker create --network none --user 0:0 --env LANG=C.UTF-8 "$base" elixir /opt/sandbox/prepare.exs)"
mkdir -p "$work/sandbox"
cp "$here"/*.ex "$here/prepare.exs" "$work/sandbox/"
docker cp "$work/sandbox" "$staging:/opt/sandbox" >/dev/null
compiler_output="$(docker start --attach "$staging" 2>&1)" || die "preparing the image failed: $compiler_output"
[[ -z "$compiler_output" ]] || die "the harness compiles with warnings: $compiler_output"
# The VM is started by erlexec directly (there is no shell left in the image); these variables
# are what the `erl` wrapper script would have set. VM flags, and why, in docs/sandbox.md.
vm_flags='"+S", "1:1", "+SDcpu", "1:1", "+SDio", "1", "+A", "1", "+sbwt", "none", "+sbwtdcpu", "none", "+sbwtdio", "none", "+P", "32768", "+t", "262144", "+hmax", "8388608", "+hmaxk", "true", "+hmaxel", "true", "+hmaxib", "true"'
elixir_args='"-noshell", "-noinput", "-elixir_root", "/usr/lib/elixir/lib", "-pa", "/usr/lib/elixir/lib/elixir/ebin", "-pa", "/opt/sandbox/ebin", "-s", "elixir", "start_cli", "-extra", "-e", "Sandbox.Harness.main()"'
docker commit \
  --change "ENV LANG=C.UTF-8 ERL_CRASH_DUMP_BYTES=0 ROOTDIR=/usr/lib/erlang BINDIR=$erts_dir/bin EMU=beam PROGNAME=erl PATH=$erts_dir/bin" \
  --change 'USER 65534:65534' \
  --change 'WORKDIR /tmp' \
  --change "ENTRYPOINT [\"$erts_dir/bin/erlexec\", $vm_flags, $elixir_args]" \
  --change 'CMD []' \
  "$staging" "$image" >/dev/null
docker tag "$image" "$repository:latest"
# Older harness images share every layer but a small top one, and another checkout on the same
# engine may still run one of them: they are only removed on request.
if [[ "${SANDBOX_IMAGE_PRUNE:-0}" == 1 ]]; then
  for stale in $(docker image ls "$repository" --format '{{.Tag}}'); do
    [[ "$stale" == "$source_tag" || "$stale" == latest ]] || docker rmi "$repository:$stale" >/dev/null 2>&1 || true
  done
fi
echo "built $image in $((SECONDS - started)) s"

#!/usr/bin/env bash
# Records the syscalls the sandbox's VM makes (the BEAM, erl_child_setup, inet_gethost) and checks
# them against lib/sandbox/seccomp.json: `bash scripts/seccomp-record.sh [image]`. Each program in
# test/seccomp-workloads/ (the outcomes of docs/sandbox.md: output, errors, ExUnit tests, ports,
# files, loopback sockets, the limits) runs through the harness exactly as a submission does, as
# uid 65534 in a chroot of the image's root filesystem with the container's entrypoint and
# environment, in cgroups with the container's memory and pids limits, under `strace -f`. Prints
# every syscall made after the VM's exec and exits 1 when the profile leaves one out. Needs root,
# strace (apt-get install strace) and the image; run it after changing the image or Erlang/OTP.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

is_root || die "recording needs root (chroot, mounts, cgroups)"
command -v strace >/dev/null || die "strace is missing: apt-get install strace"
# The image the sandbox runs (lib/sandbox/image.ts: the same hash of sandbox-image/ as build.sh).
source_hash=$(cd sandbox-image && LC_ALL=C find . -maxdepth 1 -type f ! -name '.*' -printf '%f\n' | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum | cut -c1-16)
image=${1:-${SANDBOX_IMAGE:-elixir-lessons-sandbox:$source_hash}}
docker image inspect "$image" >/dev/null 2>&1 || die "no image $image: run npm run sandbox:image"

work=$(mktemp -d /tmp/seccomp-record.XXXXXX)
cgroups=()
cleanup() {
  for dir in "${cgroups[@]}"; do rmdir "$dir" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

container=$(docker create "$image")
mkdir "$work/rootfs"
docker export "$container" | tar -x -C "$work/rootfs"
docker rm "$container" >/dev/null
mapfile -t entrypoint < <(docker image inspect "$image" --format '{{range .Config.Entrypoint}}{{.}}{{"\n"}}{{end}}' | sed '/^$/d')
mapfile -t environment < <(docker image inspect "$image" --format '{{range .Config.Env}}{{.}}{{"\n"}}{{end}}' | sed '/^$/d')

# The container's limits (lib/sandbox/limits.ts), in cgroups of this run (v1 hierarchies).
for controller in memory pids; do
  dir=/sys/fs/cgroup/$controller/seccomp-record-$$
  mkdir -p "$dir" && cgroups+=("$dir")
done
echo $((256 * 1024 * 1024)) > "/sys/fs/cgroup/memory/seccomp-record-$$/memory.limit_in_bytes"
echo 64 > "/sys/fs/cgroup/pids/seccomp-record-$$/pids.max"

for source in test/seccomp-workloads/*.exs; do
  name=$(basename "$source" .exs)
  tests=null
  [ -f "test/seccomp-workloads/$name.tests" ] && tests=$(node -e 'process.stdout.write(JSON.stringify(require("fs").readFileSync(process.argv[1], "utf8")))' "test/seccomp-workloads/$name.tests")
  { printf '%064d\n' 0; printf '{"timeoutMs":3000,"role":"program","tests":%s,"codeBytes":%s}\n' "$tests" "$(stat -c %s "$source")"; cat "$source"; } > "$work/$name.in"
  # A mount and pid namespace of its own: /proc, a noexec /tmp and /dev as in the container.
  unshare --mount --pid --fork --uts bash -c '
    set -e
    echo $$ > "/sys/fs/cgroup/memory/seccomp-record-$2/cgroup.procs"
    echo $$ > "/sys/fs/cgroup/pids/seccomp-record-$2/cgroup.procs"
    mount --make-rprivate /
    hostname sandbox
    mount -t proc proc "$1/proc"
    mount -t tmpfs -o nosuid,nodev,noexec,size=16m tmpfs "$1/tmp"
    mount --bind /dev "$1/dev"
    shift 2; exec "$@"' _ "$work/rootfs" "$$" \
    timeout 30 strace -f -qq -o "$work/$name.trace" /usr/bin/env -i "${environment[@]}" HOME=/nonexistent HOSTNAME=sandbox \
    "$(command -v chroot)" --userspec=65534:65534 "$work/rootfs" "${entrypoint[@]}" < "$work/$name.in" > /dev/null 2>&1 || true
done

# Syscall names from every trace, after the VM's exec (before it: env and chroot on the host).
node -e '
  const fs = require("node:fs");
  const [dir, profileFile] = process.argv.slice(1);
  const seen = new Set();
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith(".trace"))) {
    let started = false;
    for (const line of fs.readFileSync(`${dir}/${file}`, "utf8").split("\n")) {
      if (!started) { started = line.includes("execve(\"/usr/lib/erlang/erts"); if (!started) continue; }
      const match = /^\d+\s+(?:<\.\.\. (\w+) resumed>|(\w+)\()/.exec(line);
      if (match) seen.add(match[1] ?? match[2]);
    }
  }
  const profile = JSON.parse(fs.readFileSync(profileFile, "utf8"));
  const allowed = new Set(profile.syscalls.flatMap((rule) => rule.names));
  const missing = [...seen].filter((name) => !allowed.has(name)).sort();
  console.log(`recorded ${seen.size} syscalls: ${[...seen].sort().join(" ")}`);
  if (missing.length > 0) { console.log(`missing from ${profileFile}: ${missing.join(" ")}`); process.exit(1); }
  console.log(`${profileFile} allows every one of them`);
' "$work" lib/sandbox/seccomp.json

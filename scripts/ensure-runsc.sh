#!/usr/bin/env bash
# Makes sure the Docker engine offers gVisor's runtime as "runsc" (SANDBOX_RUNTIME=runsc,
# docs/sandbox.md "Runtimes"). On Debian as root it installs Debian's runsc package when
# SANDBOX_RUNSC_PATH names no binary, adds the runtime to /etc/docker/daemon.json (keeping every
# other key) and sends dockerd SIGHUP: the engine reloads its runtimes without a restart, so a
# running pool is not disturbed. Anywhere else it says what to install.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

runsc_path=${SANDBOX_RUNSC_PATH:-/usr/bin/runsc}
daemon_json=/etc/docker/daemon.json
# ptrace works everywhere. SANDBOX_RUNSC_PLATFORM=kvm (or systrap, with a current runsc) is
# faster where it works; on these VMs /dev/kvm exists but `runsc create` hangs on it.
platform=${SANDBOX_RUNSC_PLATFORM:-ptrace}

# The path the engine has registered for "runsc" (empty when none).
registered() {
  docker info --format '{{with index .Runtimes "runsc"}}{{.Path}} {{join .Args " "}}{{end}}' 2>/dev/null || true
}
# --network=none: gVisor gives the sandbox loopback only, whatever the engine's network (the
# containers have none anyway; runsc also refuses Docker's "none" namespace on these hosts).
wanted="$runsc_path --platform=$platform --network=none"

[ "$(registered)" = "$wanted" ] && exit 0

if [ ! -x "$runsc_path" ]; then
  if [ "$runsc_path" = /usr/bin/runsc ] && can_apt; then
    apt_install runsc
  else
    die "SANDBOX_RUNTIME=runsc needs gVisor's runsc at $runsc_path. Install it (Debian: 'apt-get install runsc'; a current release: https://gvisor.dev/docs/user_guide/install/), or set SANDBOX_RUNSC_PATH to the binary."
  fi
fi

if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST#unix://}" = "$DOCKER_HOST" ]; then
  die "the engine at DOCKER_HOST=$DOCKER_HOST has no runtime \"runsc\" at $runsc_path; register it in that engine's daemon.json (\"runtimes\": {\"runsc\": {\"path\": \"$runsc_path\", \"runtimeArgs\": [\"--platform=$platform\", \"--network=none\"]}}) and reload it."
fi
is_root || die "registering runsc with the engine needs root: add \"runtimes\": {\"runsc\": {\"path\": \"$runsc_path\", \"runtimeArgs\": [\"--platform=$platform\", \"--network=none\"]}} to $daemon_json and send dockerd SIGHUP (or run this as root)."

log "registering runsc ($runsc_path, --platform=$platform) in $daemon_json"
mkdir -p "$(dirname "$daemon_json")"
RUNSC_PATH=$runsc_path PLATFORM=$platform DAEMON_JSON=$daemon_json node -e '
  const fs = require("node:fs");
  const file = process.env.DAEMON_JSON;
  const config = fs.existsSync(file) && fs.readFileSync(file, "utf8").trim() !== "" ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  config.runtimes = { ...(config.runtimes ?? {}), runsc: { path: process.env.RUNSC_PATH, runtimeArgs: [`--platform=${process.env.PLATFORM}`, "--network=none"] } };
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(config, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
'

pid=$(cat /var/run/docker.pid 2>/dev/null || pidof dockerd || true)
[ -n "$pid" ] || die "no local dockerd to reload; start it (scripts/ensure-docker.sh) and run this again."
# SIGHUP reloads daemon.json (runtimes included); never restart the engine here.
kill -HUP "$pid"
for _ in $(seq 1 30); do
  [ "$(registered)" = "$wanted" ] && { log "the engine offers runsc"; exit 0; }
  sleep 1
done
die "dockerd did not pick up the runsc runtime within 30 s; see its log (/var/log/dockerd.log) and $daemon_json"

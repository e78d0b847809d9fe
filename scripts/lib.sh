# Helpers shared by the set-up scripts. Source it; it does nothing on its own.

log() { printf '\033[1;35m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }
have() { command -v "$1" >/dev/null 2>&1; }

# apt-get install, refreshing the package lists first unless that was done in the last hour.
apt_install() {
  local stamp=/var/lib/apt/periodic/elixir-lessons-update-stamp
  if [ -z "$(find "$stamp" -mmin -60 2>/dev/null)" ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    mkdir -p "$(dirname "$stamp")" && touch "$stamp"
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

can_apt() { is_root && have apt-get; }

#!/usr/bin/env bash
# The BEAM's CPU per sandbox run on two Erlang installations of the same OTP version, side by
# side: the sandbox image's own (Debian's, JIT flavour) and another (an interpreter, "emu",
# build of the same source: `./configure --disable-jit`). Outside Docker: the image's files,
# extracted, are the root of a chroot in which every VM is started as the image's ENTRYPOINT
# starts it (erlexec, its VM flags and environment), one VM at a time, each in a cpuacct cgroup
# of its own; its cpuacct.usage once the VM has exited is the figure (user + system, every thread
# and erl_child_setup). No runc, no namespaces: the container's own costs are not in it.
#
# Usage, as root: scripts/beam-flavour-cpu.sh OTHER_ERLANG [RUNS]
#   OTHER_ERLANG  an Erlang root of the same OTP version, copied into the extracted image as
#                 /opt/other-erlang: PREFIX/lib/erlang after `make install` (at least erts,
#                 kernel, stdlib, compiler, sasl, crypto), or a copy of the image's
#                 /usr/lib/erlang whose erts-*/bin/beam.smp is replaced by another build's
#                 (`strip -o DEST bin/x86_64-pc-linux-gnu/beam.smp`): then only the emulator differs
#   RUNS          VMs per step and installation (default 8) after one uncounted round, the two
#                 interleaved; medians printed
#   SANDBOX_IMAGE the image (default elixir-lessons-sandbox:latest), exported to a temporary dir
# Steps, each a fresh VM that halts at its end:
#   bare VM       -eval 'halt().'
#   elixir app    the elixir application started
#   CLI           the ENTRYPOINT up to Elixir's -e, with -e 'IO.puts("r")'
#   ready         the whole ENTRYPOINT, stdin at end of file: the warm-up, the ready frame, halt
#   IO.puts 1     a request: the program `IO.puts 1`
#   exercise      a request: an exercise's solution with its tests in the same VM (the "tests"
#                 field, as the benchmark's baseline runs them); EXERCISE (default cf-fizzbuzz)
#                 and EXERCISE_FILE (default content/05-control-flow.mdx) choose it
set -euo pipefail

other="$(cd "${1:?usage: $0 OTHER_ERLANG [RUNS]}" && pwd)"
runs="${2:-8}"
image="${SANDBOX_IMAGE:-elixir-lessons-sandbox:latest}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
exercise="${EXERCISE:-cf-fizzbuzz}"
exercise_file="${EXERCISE_FILE:-$repo/content/05-control-flow.mdx}"

work="$(mktemp -d)"
cgroup="/sys/fs/cgroup/cpuacct/beam-flavour-$$"
mkdir "$cgroup"
trap 'rmdir "$cgroup" 2>/dev/null || true; rm -rf "$work"' EXIT

rootfs="$work/rootfs"
mkdir "$rootfs"
container="$(docker create "$image")"
docker export "$container" | tar -x -C "$rootfs"
docker rm "$container" >/dev/null
erts_rel="$(cd "$rootfs/usr/lib/erlang" && echo erts-*)"
[[ -x "$other/$erts_rel/bin/erlexec" ]] || { echo "$other has no $erts_rel: not the image's OTP version" >&2; exit 1; }
cp -a "$other" "$rootfs/opt/other-erlang"

# The image's ENTRYPOINT: [erlexec, VM flags..., -noshell ... -extra -e Sandbox.Harness.main()].
mapfile -t entrypoint < <(docker image inspect "$image" --format '{{json .Config.Entrypoint}}' | node -e 'for (const a of JSON.parse(require("node:fs").readFileSync(0, "utf8"))) console.log(a)')
args=("${entrypoint[@]:1}")
for i in "${!args[@]}"; do [[ "${args[$i]}" == -noshell ]] && { vm_flags=("${args[@]:0:$i}"); break; }; done
for i in "${!args[@]}"; do [[ "${args[$i]}" == -e ]] && { to_e=("${args[@]:0:$i}"); break; }; done

# Requests: key line, JSON header, source (harness.ex, read_request/2).
block() { awk -v id="$exercise" -v kind="$2" '
  index($0, "<Exercise id=\"" id "\"") { inside = 1 }
  inside && /^<\/Exercise>/ { inside = 0 }
  inside && $0 == "```elixir " kind { grab = 1; next }
  grab && $0 == "```" { grab = 0 }
  grab { print }' "$1"; }
request() { # CODE_FILE TESTS_FILE|"" > request
  node -e '
    const fs = require("node:fs");
    const code = fs.readFileSync(process.argv[1]);
    const tests = process.argv[2] ? fs.readFileSync(process.argv[2], "utf8") : null;
    process.stdout.write("ab".repeat(32) + "\n" + JSON.stringify({ timeoutMs: 20000, codeBytes: code.length, role: "program", tests }) + "\n");
    process.stdout.write(code);' "$@"
}
printf 'IO.puts 1\n' >"$work/puts.exs"
request "$work/puts.exs" "" >"$work/puts.req"
block "$exercise_file" solution >"$work/solution.exs"
block "$exercise_file" tests >"$work/tests.exs"
[[ -s "$work/solution.exs" && -s "$work/tests.exs" ]] || { echo "no solution and tests for $exercise in $exercise_file" >&2; exit 1; }
request "$work/solution.exs" "$work/tests.exs" >"$work/exercise.req"

steps=("bare VM" "elixir app" "CLI" "ready" "IO.puts 1" "exercise")
step_args() {
  case "$1" in
    "bare VM") echo "${vm_flags[@]@Q} -noshell -noinput -eval 'halt().'" ;;
    "elixir app") echo "${vm_flags[@]@Q} -noshell -noinput -elixir_root /usr/lib/elixir/lib -pa /usr/lib/elixir/lib/elixir/ebin -eval '{ok, _} = application:ensure_all_started(elixir), halt().'" ;;
    "CLI") echo "${to_e[@]@Q} -e 'IO.puts(\"r\")'" ;;
    *) echo "${args[@]@Q}" ;;
  esac
}
step_input() {
  case "$1" in
    "IO.puts 1") echo "$work/puts.req" ;;
    exercise) echo "$work/exercise.req" ;;
    *) echo /dev/null ;;
  esac
}

# One VM in the cgroup; prints its CPU in ms (its output is in $work/out).
one() { # ERLANG_ROOT STEP
  local root="$1" bindir="$1/$erts_rel/bin" input before after
  input="$(step_input "$2")"
  eval "set -- $(step_args "$2")"
  before="$(cat "$cgroup/cpuacct.usage")"
  sh -c 'echo $$ >"$1/cgroup.procs"; shift; exec "$@"' sh "$cgroup" \
    /usr/bin/env -i LANG=C.UTF-8 ERL_CRASH_DUMP_BYTES=0 ROOTDIR="$root" BINDIR="$bindir" EMU=beam PROGNAME=erl PATH="$bindir" \
    /usr/bin/timeout 120 /usr/sbin/chroot "$rootfs" "$bindir/erlexec" "$@" <"$input" >"$work/out" 2>&1 || true
  after="$(cat "$cgroup/cpuacct.usage")"
  echo $(((after - before) / 1000000))
}

declare -A samples
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((run = 0; run <= runs; run++)); do
  for step in "${steps[@]}"; do
    for flavour in image other; do
      root=/usr/lib/erlang
      [[ $flavour == other ]] && root=/opt/other-erlang
      ms="$(one "$root" "$step")"
      # The first round warms the page cache and is not counted.
      ((run == 0)) || samples["$step/$flavour"]+="$ms "
      if ((run == 1)); then
        case "$step" in
          "IO.puts 1" | exercise)
            result="$(grep -o '"r":"[^"]*"' "$work/out" | head -1 | cut -d'"' -f4 | base64 -d 2>/dev/null || true)"
            echo "  $step on $flavour: result ${result:-<none>: $(head -c 300 "$work/out")}" ;;
          ready) grep -q '"t":"ready"' "$work/out" || echo "  ready on $flavour: no ready frame: $(head -c 300 "$work/out")" ;;
        esac
      fi
    done
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
echo "cgroup CPU ms per VM, medians of $runs (samples in order):"
echo "| step | image's Erlang | $other | samples (image / other) |"
echo "| --- | --- | --- | --- |"
for step in "${steps[@]}"; do
  a="${samples["$step/image"]}"
  b="${samples["$step/other"]}"
  echo "| $step | $(median <<<"$a") | $(median <<<"$b") | $a/ $b|"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

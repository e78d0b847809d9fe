#!/usr/bin/env bash
# Writes the code editor's help index (completion, hover, signature help) from the sandbox image's
# own Elixir: docs-index.exs runs in the built image (no network, read-only, as nobody) and prints
# the standard library's docs as JSON. The file is public/elixir-docs/elixir-<version>-<hash>.json,
# named by its content so browsers may cache it for good; public/elixir-docs/manifest.json names
# the current one. Re-running with the same image and script is a no-op. scripts/setup.sh runs
# this after sandbox-image/build.sh, so `npm start` and `npm test` have it before `next build`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../../public/elixir-docs"
image="${SANDBOX_IMAGE:-$(bash "$here/../build.sh" --print-tag)}"

docker image inspect "$image" >/dev/null 2>&1 || { echo "build-docs: no image $image; run sandbox-image/build.sh first" >&2; exit 1; }
stamp="$( { docker image inspect "$image" --format '{{.Id}}'; sha256sum "$here/docs-index.exs" "$here/build-docs.sh"; } | sha256sum | cut -c1-16)"
if [[ -f "$out/manifest.json" ]] && grep -q "\"stamp\":\"$stamp\"" "$out/manifest.json"; then
  file="$(sed -E 's/.*"url":"\/elixir-docs\/([^"]+)".*/\1/' "$out/manifest.json")"
  [[ -f "$out/$file" ]] && exit 0
fi

erlexec="$(docker image inspect "$image" --format '{{index .Config.Entrypoint 0}}')"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
docker run --rm --network none --read-only --cap-drop ALL --security-opt no-new-privileges --user 65534:65534 \
  --memory 512m --pids-limit 64 -v "$here:/docs:ro" --entrypoint "$erlexec" "$image" \
  -noshell -noinput -elixir_root /usr/lib/elixir/lib -pa /usr/lib/elixir/lib/elixir/ebin -s elixir start_cli -extra /docs/docs-index.exs \
  > "$work/index.json"
version="$(sed -E 's/.*"elixir":"([^"]+)".*/\1/' <(head -c 4096 "$work/index.json" | tr '\n' ' '))"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || { echo "build-docs: the index names no Elixir version" >&2; exit 1; }
name="elixir-$version-$(sha256sum "$work/index.json" | cut -c1-12).json"
mkdir -p "$out"
find "$out" -maxdepth 1 -name 'elixir-*.json' ! -name "$name" -delete
mv "$work/index.json" "$out/$name"
printf '{"url":"/elixir-docs/%s","elixir":"%s","stamp":"%s"}\n' "$name" "$version" "$stamp" > "$out/manifest.json"
echo "editor help index: public/elixir-docs/$name"

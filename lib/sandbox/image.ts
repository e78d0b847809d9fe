// Which image the sandbox runs: `elixir-lessons-sandbox:<hash>`, where the hash covers every
// regular, non-hidden file in sandbox-image/. sandbox-image/build.sh computes the same hash
// (sha256 over `sha256sum`-style lines "<hex>  <name>\n" sorted by name, first 16 hex digits),
// so editing the harness or the build script selects a new tag until the image is rebuilt.
// SANDBOX_IMAGE overrides the name; SANDBOX_IMAGE_DIR overrides where the sources are.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { liveEnv } from "@/lib/env";

export const SANDBOX_IMAGE_REPOSITORY = "elixir-lessons-sandbox";
export const BUILD_COMMAND = "npm run sandbox:image";

export function sandboxImageDir(): string {
  return liveEnv.sandboxImageDir() ?? path.join(/*turbopackIgnore: true*/ process.cwd(), "sandbox-image");
}

export async function sandboxSourceHash(dir = sandboxImageDir()): Promise<string> {
  const entries = await readdir(/*turbopackIgnore: true*/ dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const manifest = createHash("sha256");
  for (const name of names) {
    const digest = createHash("sha256").update(await readFile(/*turbopackIgnore: true*/ path.join(dir, name))).digest("hex");
    manifest.update(`${digest}  ${name}\n`);
  }
  return manifest.digest("hex").slice(0, 16);
}

export async function sandboxImageName(): Promise<string> {
  return liveEnv.sandboxImage() ?? `${SANDBOX_IMAGE_REPOSITORY}:${await sandboxSourceHash()}`;
}

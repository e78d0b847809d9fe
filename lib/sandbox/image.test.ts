import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX_IMAGE_REPOSITORY, sandboxImageName, sandboxSourceHash } from "./image";

describe("sandbox image name", () => {
  afterEach(() => {
    delete process.env.SANDBOX_IMAGE;
  });

  it("matches the tag build.sh builds", async () => {
    const fromScript = execFileSync("bash", ["sandbox-image/build.sh", "--print-tag"], { encoding: "utf8" }).trim();
    expect(await sandboxImageName()).toBe(fromScript);
    expect(fromScript).toMatch(new RegExp(`^${SANDBOX_IMAGE_REPOSITORY}:[0-9a-f]{16}$`));
  });

  it("changes with any source file and ignores hidden files", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sandbox-image-"));
    try {
      writeFileSync(path.join(dir, "a.txt"), "one");
      const first = await sandboxSourceHash(dir);
      writeFileSync(path.join(dir, ".hidden"), "x");
      expect(await sandboxSourceHash(dir)).toBe(first);
      writeFileSync(path.join(dir, "b.txt"), "two");
      expect(await sandboxSourceHash(dir)).not.toBe(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("can be pinned with SANDBOX_IMAGE", async () => {
    process.env.SANDBOX_IMAGE = "elixir-lessons-sandbox:pinned";
    expect(await sandboxImageName()).toBe("elixir-lessons-sandbox:pinned");
  });
});

// Vitest global setup of the integration project: the sandbox image must exist before the tests
// (build.sh is a no-op when it is current), and no sandbox container of this test run may outlive
// them. Test workers inherit SANDBOX_GROUP, so their containers carry this run's own label prefix
// and other checkouts sharing the engine are neither counted nor removed.
// Add further resources as steps in `setup` and `teardown`.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { listSandboxContainers, removeContainersWithPrefix } from "../lib/sandbox/container";

const BUILD_SCRIPT = fileURLToPath(new URL("../sandbox-image/build.sh", import.meta.url));

export function setup(): void {
  execFileSync("bash", [BUILD_SCRIPT], { stdio: ["ignore", "inherit", "inherit"] });
  process.env.SANDBOX_GROUP = `itest-${randomBytes(4).toString("hex")}`;
}

export async function teardown(): Promise<void> {
  const prefix = `${process.env.SANDBOX_GROUP ?? "itest-unknown"}.`;
  // Pooled containers of a finished worker stop by themselves once their stdin closes; stopped
  // ones are what a new instance's reaper removes (no AutoRemove, see lib/sandbox/container.ts).
  for (let waited = 0; waited < 10_000; waited += 250) {
    const left = await listSandboxContainers(undefined, prefix);
    if (left.every((info) => info.State !== "running")) {
      await removeContainersWithPrefix(prefix);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const running = (await listSandboxContainers(undefined, prefix)).filter((info) => info.State === "running").length;
  await removeContainersWithPrefix(prefix);
  if (running > 0) throw new Error(`${running} sandbox container(s) were still running after the integration tests; they have been removed now.`);
}

// Vitest global setup of the integration project: the sandbox image must exist before the tests
// (build.sh is a no-op when it is current), and no sandbox container of this test run may outlive
// them. Test workers inherit SANDBOX_GROUP, so their containers carry this run's own label prefix
// and other checkouts sharing the engine are neither counted nor removed.
// Add further resources as steps in `setup` and `teardown`.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { listSandboxContainers, removeContainersWithPrefix } from "../sandbox/container";

const BUILD_SCRIPT = fileURLToPath(new URL("../../sandbox-image/build.sh", import.meta.url));

export function setup(): void {
  execFileSync("bash", [BUILD_SCRIPT], { stdio: ["ignore", "inherit", "inherit"] });
  process.env.SANDBOX_GROUP = `itest-${randomBytes(4).toString("hex")}`;
}

export async function teardown(): Promise<void> {
  const prefix = `${process.env.SANDBOX_GROUP ?? "itest-unknown"}.`;
  // Pooled containers of a finished worker end by themselves once their stdin closes.
  for (let waited = 0; waited < 10_000; waited += 250) {
    if ((await listSandboxContainers(undefined, prefix)).length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const leftovers = await removeContainersWithPrefix(prefix);
  if (leftovers > 0) throw new Error(`${leftovers} sandbox container(s) outlived the integration tests; they have been removed now.`);
}

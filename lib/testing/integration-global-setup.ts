// Vitest global setup of the integration project: the sandbox image must exist before the tests
// (build.sh is a no-op when it is current), and no sandbox container may outlive them.
// Add further resources as steps in `setup` and `teardown`.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { reapContainers } from "../sandbox/container";

const BUILD_SCRIPT = fileURLToPath(new URL("../../sandbox-image/build.sh", import.meta.url));

export function setup(): void {
  execFileSync("bash", [BUILD_SCRIPT], { stdio: ["ignore", "inherit", "inherit"] });
}

export async function teardown(): Promise<void> {
  const leftovers = await reapContainers();
  if (leftovers > 0) throw new Error(`${leftovers} sandbox container(s) outlived the integration tests; they have been removed now.`);
}

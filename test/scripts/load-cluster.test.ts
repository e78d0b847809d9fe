import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const fixture = path.join(__dirname, "fixtures", "end-script.ts");

function runFixture(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", fixture, ...args], { encoding: "utf8", timeout: 30_000 });
}

describe("endScript", () => {
  it("keeps the script alive while main waits on unref'd handles only, then passes", () => {
    const result = runFixture();
    expect(result.stdout).toContain("PASSED");
    expect(result.stdout).toContain('{"ok":true,"waited":true');
    expect(result.status).toBe(0);
  });

  it("fails a script that exits before main has ended", () => {
    const result = runFixture("exit-early");
    expect(result.stderr).toContain("fixture: FAILED: the process was exiting before the test ended");
    expect(result.status).toBe(1);
  });
});

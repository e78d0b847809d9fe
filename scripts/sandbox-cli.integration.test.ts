import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

function cli(...args: string[]) {
  return spawnSync("npx", ["tsx", "scripts/sandbox-cli.ts", ...args], { encoding: "utf8", timeout: 60_000 });
}

function file(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-cli-"));
  const name = path.join(dir, "main.exs");
  fs.writeFileSync(name, source);
  return name;
}

describe("npm run sandbox", () => {
  it("prints the result of a file as one JSON object", () => {
    const { status, stdout } = cli(file('IO.puts("from the cli")\n'));
    expect(status).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ outcome: "ok", stdout: "from the cli\n" });
  });

  it("reports errors as outcomes, not as a failed command", () => {
    const { status, stdout } = cli(file('\n\nraise "boom"\n'));
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ outcome: "runtime_error", line: 3 });
  });

  it("runs ExUnit tests given with --tests", () => {
    const { status, stdout } = cli(file("defmodule M do\n  def double(x), do: x * 2\nend\n"), "--tests", file('test "doubles" do\n  assert M.double(2) == 4\nend\n'));
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ outcome: "ok", tests: [{ name: "doubles", passed: true, message: null }] });
  });

  it("explains its usage", () => {
    const { status, stderr } = cli();
    expect(status).toBe(2);
    expect(stderr).toMatch(/usage: npm run sandbox -- path\/to\/file.exs/);
  });
});

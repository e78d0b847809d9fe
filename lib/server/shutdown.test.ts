// The process's shutdown owner, in child processes of its own: steps run phase by phase on a
// signal, the exit code follows the signal or the policy, a deadline ends a stuck shutdown, and a
// script whose loop runs dry runs the steps without being made to exit.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const MODULE = path.join(process.cwd(), "lib/server/shutdown.mjs");

function runChild(body: string, signal?: NodeJS.Signals): Promise<{ code: number | null; out: string }> {
  const script = `import { onShutdown, setShutdownPolicy } from ${JSON.stringify(MODULE)};\n${body}`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let signalled = false;
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    if (signal && !signalled && out.includes("ready\n")) {
      signalled = true;
      child.kill(signal);
    }
  });
  child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, out })));
}

const steps = `
const log = (line) => process.stdout.write(line + "\\n");
const later = (ms, line) => new Promise((resolve) => setTimeout(() => { log(line); resolve(); }, ms));
onShutdown(() => later(10, "close"), "close");
onShutdown(() => later(50, "drain"), "drain");
onShutdown((reason) => log("refuse " + reason), "refuse");
onShutdown(() => later(10, "answer"), "answer");
`;

describe("onShutdown", () => {
  it("runs the steps phase by phase on SIGTERM, then exits 143", async () => {
    const { code, out } = await runChild(`${steps}\nsetInterval(() => {}, 1000); console.log("ready");`, "SIGTERM");
    expect(out.trim().split("\n")).toEqual(["ready", "refuse SIGTERM", "drain", "answer", "close"]);
    expect(code).toBe(143);
  });

  it("exits 130 on SIGINT, and with the policy's code when it sets one", async () => {
    expect((await runChild(`${steps}\nsetInterval(() => {}, 1000); console.log("ready");`, "SIGINT")).code).toBe(130);
    const clean = await runChild(`${steps}\nsetShutdownPolicy({ exitCode: (_s, failed) => (failed ? 1 : 0) });\nsetInterval(() => {}, 1000); console.log("ready");`, "SIGTERM");
    expect(clean.code).toBe(0);
    const failing = await runChild(
      `${steps}\nonShutdown(() => { throw new Error("boom"); }, "drain");\nsetShutdownPolicy({ exitCode: (_s, failed) => (failed ? 1 : 0) });\nsetInterval(() => {}, 1000); console.log("ready");`,
      "SIGTERM",
    );
    expect(failing.code).toBe(1);
    expect(failing.out).toContain("a drain step failed");
    expect(failing.out).toContain("close");
  });

  it("exits at the deadline when a step never ends", async () => {
    const started = Date.now();
    const { code, out } = await runChild(
      `setShutdownPolicy({ deadlineMs: 300, deadlineMessage: "gave up" });\nonShutdown(() => new Promise(() => {}), "drain");\nsetInterval(() => {}, 1000); console.log("ready");`,
      "SIGTERM",
    );
    expect(code).toBe(143);
    expect(out).toContain("gave up");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("runs the steps when a script's loop runs dry, and lets it end with its own exit code", async () => {
    const { code, out } = await runChild(`${steps}\nconsole.log("work done");`);
    expect(out.trim().split("\n")).toEqual(["work done", "refuse beforeExit", "drain", "answer", "close"]);
    expect(code).toBe(0);
  });
});

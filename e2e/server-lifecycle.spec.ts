// The production server (scripts/server.mjs) under SIGTERM, spawned on its own database and port:
// a run in flight still gets its 200 verdict, new connections are refused, the process exits,
// and no container of its sandbox group remains. No browser needed.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import net from "node:net";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { listSandboxContainers } from "@/lib/sandbox/container";

const GROUP = `e2e-shutdown-${randomBytes(4).toString("hex")}`;

/** The containers of the spawned server's sandbox group, by the sandbox's own label rule. */
async function containersOfGroup(): Promise<string[]> {
  return (await listSandboxContainers(undefined, `${GROUP}.`)).map((info) => info.Id);
}

/** Starts e2e/serve.sh on a free port; resolves with the port once it listens. */
function startServer(): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn("bash", ["e2e/serve.sh", "0", "e2e-shutdown"], {
    env: { ...process.env, SANDBOX_GROUP: GROUP },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve({ child, port: Number(match[1]), output: () => output });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
}

function postRun(port: number, agent: http.Agent, code: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const payload = JSON.stringify({ exerciseId: "hello-world", code });
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path: "/api/runs", method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

function connect(port: number): Promise<"connected" | string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

test.describe.configure({ timeout: 180_000 });

test("SIGTERM: the run in flight gets its verdict, new connections are refused, the process exits and its containers are gone", async () => {
  const { child, port, output } = await startServer();
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : null))));
  try {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    // Warm: one run end to end (also leaves a keep-alive socket idle in the agent).
    expect((await postRun(port, agent, 'IO.puts("Hello, world!")')).status).toBe(200);
    await expect.poll(containersOfGroup, { timeout: 30_000 }).not.toHaveLength(0);

    const inFlight = postRun(port, agent, 'Process.sleep(2_500)\nIO.puts("Hello, world!")');
    await new Promise((resolve) => setTimeout(resolve, 800));
    child.kill("SIGTERM");
    // Node child is serve.sh's exec'd server, so the signal reaches server.mjs directly.
    await expect.poll(() => connect(port), { timeout: 5_000 }).toBe("ECONNREFUSED");

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ kind: "verdict", verdict: { status: "passed" } });

    expect(await exited).not.toBeNull();
    expect(await containersOfGroup()).toEqual([]);
    expect(output()).toMatch(/SIGTERM received/);

    const db = new Database("data/e2e-shutdown.db", { readonly: true });
    try {
      const row = db.prepare("SELECT verdict FROM Submission WHERE id = ?").get(answer.body.submissionId) as { verdict: string } | undefined;
      expect(row?.verdict).toBe("passed");
    } finally {
      db.close();
    }
    agent.destroy();
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});

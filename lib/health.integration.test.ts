// The health report against the real test database and the real Docker engine, and against an
// engine that is missing or hangs (a socket of the test's own that never answers).
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { run, shutdown } from "@/lib/sandbox";
import { checkHealth, healthHttpStatus, redactPaths, reportInFlight } from "./health";

const savedDockerHost = process.env.DOCKER_HOST;

afterEach(async () => {
  if (savedDockerHost === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = savedDockerHost;
  delete process.env.SANDBOX_IMAGE;
  await shutdown();
});

describe("checkHealth", () => {
  it("is ok with the database and the engine answering, and gives nothing secret away", async () => {
    reportInFlight("runs", () => ({ active: 1, queued: 2 }));
    const report = await checkHealth();
    expect(report).toMatchObject({
      status: "ok",
      database: { ok: true },
      docker: { ok: true, endpoint: process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock", runtime: process.env.SANDBOX_RUNTIME ?? "runc" },
      pool: { lastError: null, inFlight: { runs: { active: 1, queued: 2 } } },
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
    expect(report.database.ms).toBeGreaterThanOrEqual(0);
    expect(report.docker?.ms).toBeGreaterThanOrEqual(0);
    expect(healthHttpStatus(report)).toBe(200);
    const text = JSON.stringify(report);
    expect(text).not.toContain("test.db");
    expect(text).not.toContain(process.cwd());
  });

  it("reports the pool's counts once it runs", async () => {
    expect((await run({ code: "IO.puts 1" })).outcome).toBe("ok");
    const report = await checkHealth();
    expect(report.pool).toMatchObject({ started: true, size: expect.any(Number), running: 0, waiting: 0, lastError: null });
    expect(report.status).toBe("ok");
  });

  it("is degraded (503) when the engine is unreachable", async () => {
    process.env.DOCKER_HOST = "unix:///nonexistent/docker.sock";
    const report = await checkHealth();
    expect(report).toMatchObject({ status: "degraded", database: { ok: true }, docker: { ok: false, endpoint: "unix:///nonexistent/docker.sock", error: "ENOENT" } });
    expect(healthHttpStatus(report)).toBe(503);
    // A load balancer keeps the instance: its pages still work.
    expect(healthHttpStatus(report, "pages")).toBe(200);
  });

  it("answers within its timeout when the engine accepts connections but never answers", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hung-"));
    const socketPath = path.join(dir, "docker.sock");
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      process.env.DOCKER_HOST = `unix://${socketPath}`;
      const started = Date.now();
      const report = await checkHealth({ timeoutMs: 500 });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(sockets.size).toBeGreaterThan(0);
      expect(report).toMatchObject({ status: "degraded", docker: { ok: false, error: "no answer within 500 ms" } });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is degraded when the pool cannot boot, with the reason but without file paths", async () => {
    process.env.SANDBOX_IMAGE = "elixir-lessons-sandbox:missing-for-health";
    expect((await run({ code: "IO.puts 1" })).outcome).toBe("unavailable");
    const report = await checkHealth();
    expect(report.status).toBe("degraded");
    expect(report.docker?.ok).toBe(true);
    expect(report.pool.lastError).toContain("npm run sandbox:image");
    expect(healthHttpStatus(report)).toBe(503);
  });

  it("is down when the database hangs or fails", async () => {
    const started = Date.now();
    const hung = await checkHealth({ timeoutMs: 300, probeDatabase: () => new Promise(() => undefined) });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(hung).toMatchObject({ status: "down", database: { ok: false, error: "no answer within 300 ms" } });
    expect(healthHttpStatus(hung)).toBe(503);
    expect(healthHttpStatus(hung, "pages")).toBe(503);

    const locked = await checkHealth({ probeDatabase: () => Promise.reject(Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" })) });
    expect(locked).toMatchObject({ status: "down", database: { ok: false, error: "locked" } });
    const other = await checkHealth({ probeDatabase: () => Promise.reject(Object.assign(new Error("unable to open /srv/secret/app.db"), { code: "SQLITE_CANTOPEN" })) });
    expect(other.database.error).toBe("query failed (SQLITE_CANTOPEN)");
    const unreachable = await checkHealth({ probeDatabase: () => Promise.reject(Object.assign(new Error("Can't reach database server"), { code: "P1001" })) });
    expect(unreachable).toMatchObject({ status: "down", database: { ok: false, error: "not answering" } });
  });
});

describe("redactPaths", () => {
  it("hides file system paths and keeps the engine endpoint", () => {
    const endpoint = "unix:///var/run/docker.sock";
    expect(redactPaths("Cannot read the sandbox image sources in /srv/app/sandbox-image (ENOENT); start", endpoint)).toBe(
      "Cannot read the sandbox image sources in <path> (ENOENT); start",
    );
    expect(redactPaths(`Cannot reach the Docker engine at ${endpoint} (ENOENT); start it`, endpoint)).toBe(
      `Cannot reach the Docker engine at ${endpoint} (ENOENT); start it`,
    );
    expect(redactPaths("run `npm run sandbox:image` and try again", endpoint)).toBe("run `npm run sandbox:image` and try again");
  });
});

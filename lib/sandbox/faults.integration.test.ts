// Faults the sandbox must survive, against real engines: a PRIVATE Docker engine (its own dockerd,
// socket and data-root; see test/private-engine.ts) for stopping the engine mid-run, the
// shared engine for containers killed or abandoned from outside. Needs root and dockerd; with
// neither, the private-engine tests fail with the reason unless SKIP_PRIVATE_ENGINE=1 is set.
import { type ChildProcess, spawn } from "node:child_process";
import type Docker from "dockerode";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PrivateEngine } from "@/test/private-engine";
import { createSandboxContainer, hostLabel, listSandboxContainers, reapContainers } from "./container";
import { dockerClient } from "./docker-client";
import { engineHealth } from "./engine-health";
import { sandboxImageName } from "./image";
import type { SandboxPool } from "./pool";
import { createSandboxPool, INSTANCE_ID, runIn, shutdown, sweepOnce } from "./run";
import { ENGINE_LOST, SessionBootError, STOPPED_FROM_OUTSIDE } from "./session";
import type { RunResult } from "./types";

const GROUP = INSTANCE_ID.split(".")[0] ?? "itest";
const HOST = hostLabel();
const SLEEPER = 'IO.puts "started"\nProcess.sleep(20_000)\nIO.puts "finished"';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function expectUnavailable(result: RunResult, message: RegExp | string): void {
  expect(result.outcome, JSON.stringify(result)).toBe("unavailable");
  if (result.outcome !== "unavailable") return;
  if (typeof message === "string") expect(result.message).toBe(message);
  else expect(result.message).toMatch(message);
}

/** Starts a run that sleeps; returns (wrapped, not awaited) once it has a container and is past the hand-over. */
async function runInFlight(pool: SandboxPool): Promise<{ result: Promise<RunResult> }> {
  const result = runIn(pool, { code: SLEEPER, timeoutMs: 30_000 });
  await waitFor("the run to take a container", () => pool.status().running === 1);
  await sleep(500);
  return { result };
}

describe.skipIf(PrivateEngine.skipRequested())("on a private Docker engine", () => {
  let engine: PrivateEngine | null = null;
  let pool: SandboxPool | null = null;

  beforeAll(async () => {
    engine = await PrivateEngine.create();
    engine.loadImage(await sandboxImageName());
  }, 180_000);

  afterAll(async () => {
    await pool?.shutdown().catch(() => undefined);
    await engine?.destroy();
  }, 60_000);

  it("answers unavailable when the engine stops mid-run and while it is down, and rebuilds the pool when it is back", async () => {
    const theEngine = engine!;
    const label = `${INSTANCE_ID}-engine`;
    pool = createSandboxPool({ size: 1, bootConcurrency: 1, queueWaitMs: 15_000, docker: () => theEngine.docker(), label });
    await pool.warmUp();
    expect(pool.status()).toMatchObject({ ready: 1, lastError: null });
    const endpoint = `unix://${theEngine.socketPath}`;
    expect(await engineHealthAt(endpoint)).toMatchObject({ ok: true, endpoint });

    const inFlight = await runInFlight(pool);
    const stopping = theEngine.stop();
    const stopped = Date.now();
    const result = await inFlight.result;
    // Not memory_limit, not crashed: the learner's code did nothing wrong.
    expectUnavailable(result, ENGINE_LOST);
    expect(Date.now() - stopped).toBeLessThan(30_000);
    await stopping;
    expect(theEngine.running).toBe(false);

    // While it is down every run is answered at once (no hanging until the queue wait).
    for (let attempt = 0; attempt < 3; attempt++) {
      const started = Date.now();
      expectUnavailable(await runIn(pool, { code: "IO.puts 1" }), /Cannot reach the Docker engine/);
      expect(Date.now() - started).toBeLessThan(10_000);
    }
    expect(pool.status().lastError).toMatch(/Cannot reach the Docker engine/);
    // The health check says so too, at once.
    expect(await engineHealthAt(endpoint)).toMatchObject({ ok: false, endpoint, error: expect.stringMatching(/ENOENT|ECONNREFUSED/) });

    await theEngine.start();
    let back: RunResult | null = null;
    for (let tries = 0; tries < 60 && back?.outcome !== "ok"; tries++) {
      back = await runIn(pool, { code: 'IO.puts("back")' });
      if (back.outcome !== "ok") await sleep(500);
    }
    expect(back).toMatchObject({ outcome: "ok", stdout: "back\n" });
    expect(pool.status().lastError).toBeNull();
    await waitFor("the pool to be full again", () => pool!.status().ready === 1);

    // The containers the stop left behind (stopped, not removed) go with the pool.
    await pool.shutdown();
    pool = null;
    expect(await listSandboxContainers(theEngine.docker(), label)).toEqual([]);
  }, 180_000);
});

describe("containers stopped or abandoned from outside (shared engine)", () => {
  const docker = dockerClient();
  let pool: SandboxPool | null = null;
  const extra = new Set<string>();

  afterEach(async () => {
    await pool?.shutdown();
    pool = null;
    for (const id of extra) await docker.getContainer(id).remove({ force: true }).catch(() => undefined);
    extra.clear();
  });

  afterAll(() => shutdown());

  async function killedRun(how: (container: Docker.Container) => Promise<unknown>): Promise<RunResult> {
    const label = `${INSTANCE_ID}-kill`;
    // No ready containers: the run's own container is the only one with this label.
    pool = createSandboxPool({ size: 0, label });
    const inFlight = await runInFlight(pool);
    const [info, ...others] = await listSandboxContainers(docker, label);
    expect(others).toEqual([]);
    await how(docker.getContainer(info!.Id));
    const result = await inFlight.result;
    await waitFor("the killed container to be removed", async () => (await listSandboxContainers(docker, label)).length === 0);
    return result;
  }

  it("reports a container killed from outside as unavailable, not memory_limit", async () => {
    expectUnavailable(await killedRun((container) => container.kill()), STOPPED_FROM_OUTSIDE);
  });

  it("reports a container removed from outside as unavailable", async () => {
    expectUnavailable(await killedRun((container) => container.remove({ force: true })), STOPPED_FROM_OUTSIDE);
  });

  it("keeps a waiter through a boot failure that passes by itself and runs it on the retry", async () => {
    const image = await sandboxImageName();
    let boots = 0;
    pool = createSandboxPool({
      size: 0,
      label: `${INSTANCE_ID}-retry`,
      image: async () => {
        boots += 1;
        if (boots === 1) throw new SessionBootError("The sandbox stopped while starting (exit code 1).");
        return image;
      },
    });
    const result = await runIn(pool, { code: 'IO.puts "after a retry"' });
    expect(result).toMatchObject({ outcome: "ok", stdout: "after a retry\n" });
    expect(boots).toBe(2);
  });

  it("reaps running containers of a dead process on this host at start-up", async () => {
    const deadPid = await new Promise<number>((resolve) => {
      const child = spawn("true");
      child.once("exit", () => resolve(child.pid!));
    });
    const container = await createSandboxContainer(docker, await sandboxImageName(), `${GROUP}.${HOST}.${deadPid}.dead`);
    extra.add(container.id);
    await container.start();
    // Not attached: its stdin stays open, so it keeps running until someone removes it.
    await sleep(500);
    expect((await container.inspect()).State.Running).toBe(true);
    expect(await reapContainers(docker, INSTANCE_ID)).toBeGreaterThanOrEqual(1);
    await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it("reaps running containers whose owner's container (same engine) stopped or restarted since, and spares a live owner's", async () => {
    const image = await sandboxImageName();
    const started = async (label: string) => {
      const container = await createSandboxContainer(docker, image, label);
      extra.add(container.id);
      await container.start();
      return container;
    };
    // The owner: a container of this engine whose default hostname (its short id) is in its label.
    const ownerBox = await started(`${INSTANCE_ID}-owner`);
    const owner = `${GROUP}.${ownerBox.id.slice(0, 12)}`;
    const stillThere = async (container: Docker.Container) => (await container.inspect().then(() => true, () => false));

    const first = await started(`${owner}.7.first`);
    expect(await sweepOnce(60, owner)).toBe(0);
    expect(await stillThere(first)).toBe(true);

    await ownerBox.kill();
    await waitFor("the owner to stop", async () => !(await ownerBox.inspect()).State.Running);
    expect(await sweepOnce(60, owner)).toBe(1);
    expect(await stillThere(first)).toBe(false);

    // Created under the owner's earlier run; the owner restarts (as `restart: unless-stopped` does).
    const earlier = await started(`${owner}.7.earlier`);
    await sleep(2_500);
    await ownerBox.start();
    const later = await started(`${owner}.7.later`);
    expect(await sweepOnce(60, owner)).toBe(1);
    expect(await stillThere(earlier)).toBe(false);
    expect(await stillThere(later)).toBe(true);
  }, 60_000);

  it("leaves nothing behind a SIGKILLed process once a new instance starts", async () => {
    const env = { ...process.env, SANDBOX_GROUP: GROUP, SANDBOX_POOL_SIZE: "2" };
    const script = [
      'import { warmUp, poolStatus, INSTANCE_ID } from "./lib/sandbox";',
      "warmUp().then(() => { console.log(JSON.stringify({ id: INSTANCE_ID, status: poolStatus() })); setInterval(() => undefined, 1000); });",
    ].join("\n");
    const child = spawn("node_modules/.bin/tsx", ["-e", script], { env, detached: true, stdio: ["ignore", "pipe", "inherit"] });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    let instance = "";
    try {
      const line = await firstLine(child);
      const reported = JSON.parse(line) as { id: string; status: { ready: number } };
      instance = reported.id;
      expect(reported.status.ready).toBe(2);
      const before = await listSandboxContainers(docker, instance);
      expect(before.map((info) => info.State)).toEqual(["running", "running"]);
    } finally {
      // The whole process group: tsx runs the script in a node process of its own.
      process.kill(-child.pid!, "SIGKILL");
      await exited;
    }
    // The process died without removing anything: its containers are still there.
    await sleep(500);
    expect(await listSandboxContainers(docker, instance)).toHaveLength(2);

    // A new instance starts (the server's start-up: startSandbox) and reaps them.
    const restart = [
      'import { startSandbox } from "./lib/sandbox/lifecycle";',
      'import { shutdown } from "./lib/sandbox";',
      'startSandbox().then(() => shutdown()).then(() => console.log("done"));',
    ].join("\n");
    const second = spawn("node_modules/.bin/tsx", ["-e", restart], { env, stdio: ["ignore", "pipe", "inherit"] });
    const output = await allOutput(second);
    expect(output, `${output}\n${JSON.stringify(await listSandboxContainers(docker, instance))}`).toMatch(/removed [1-9]\d* container\(s\) left from an earlier run/);
    expect(output).toContain("done");
    expect(await listSandboxContainers(docker, instance)).toEqual([]);
  }, 120_000);

  it("sweeps containers stuck in Created past the threshold, and spares running and just-stopped ones", async () => {
    const image = await sandboxImageName();
    const stuck = await createSandboxContainer(docker, image, `${INSTANCE_ID}-stuck`);
    const alive = await createSandboxContainer(docker, image, `${INSTANCE_ID}-alive`);
    const recent = await createSandboxContainer(docker, image, `${INSTANCE_ID}-recent`);
    for (const container of [stuck, alive, recent]) extra.add(container.id);
    await alive.start();
    await recent.start();
    await sleep(5_500);
    await recent.kill();
    await waitFor("the killed container to stop", async () => !(await recent.inspect()).State.Running);

    // Confined to this test's containers: a 5 s threshold must not touch other runs' boots.
    expect(await sweepOnce(5, INSTANCE_ID)).toBe(1);
    await expect(stuck.inspect()).rejects.toMatchObject({ statusCode: 404 });
    // Running with a live owner, and stopped less than the threshold ago: left to their owner.
    expect((await alive.inspect()).State.Running).toBe(true);
    expect((await recent.inspect()).State.Status).toBe("exited");
  }, 60_000);
});

/** The health endpoint's engine check against another engine (it reads DOCKER_HOST). */
async function engineHealthAt(endpoint: string) {
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = endpoint;
  try {
    return await engineHealth(2_000);
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const newline = buffered.indexOf("\n");
      if (newline !== -1) resolve(buffered.slice(0, newline));
    });
    child.once("exit", (code) => reject(new Error(`the child exited (${code}) before reporting: ${buffered}`)));
  });
}

function allOutput(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    let buffered = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
    });
    child.once("exit", () => resolve(buffered));
  });
}

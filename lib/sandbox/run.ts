// run(): one program in one pre-booted, single-use container from the process-wide pool (created
// lazily on first use). Failures of the sandbox itself (engine down, image missing, boot failure)
// come back as `unavailable` with what to do; a full queue as `busy`; refused source as `rejected`.
// warmUp() fills the pool ahead of the first run; shutdown() removes every container this process
// owns. An idle pool never holds the event loop open. The pool is a shutdown step of the process
// (lib/server/shutdown.mjs): on SIGTERM/SIGINT runs in flight get DRAIN_MS to finish, and when a
// script's loop runs dry the pool removes its containers before the process ends.
import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { onShutdown } from "@/lib/server/shutdown.mjs";
import { processSingleton } from "@/lib/server/singleton.mjs";
import { hostLabel, sweepContainers } from "./container";
import { dockerClient, dockerEndpoint, describeError, isEngineUnreachable, isImageMissing } from "./docker-client";
import { BUILD_COMMAND, sandboxImageDir, sandboxImageName } from "./image";
import { judgedRun } from "./judged-run";
import { clampTimeout } from "./limits";
import { type Housekeeping, type PoolOptions, type PoolStatus, SandboxPool } from "./pool";
import { SessionBootError, SessionLostError } from "./session";
import type { RunRequest, RunResult } from "./types";
import { validateSource } from "./validate";

/** How long runs in flight may go on after SIGTERM before the pool's containers are removed. */
const DRAIN_MS = 5_000;

interface SandboxState {
  instanceId: string;
  pool: SandboxPool | null;
  /** The web tier's pool has no queue of its own (admission is the queue); see pool.ts. */
  failFast: boolean;
}

// One pool per process, whichever bundle's copy of this module asks.
function state(): SandboxState {
  return processSingleton("sandbox.state", () => ({
    instanceId: [env.SANDBOX_GROUP, hostLabel(), process.pid, randomBytes(4).toString("hex")].join("."),
    pool: null,
    failFast: false,
  }));
}

/** This process's instance id, the value of its containers' label (see container.ts). */
export const INSTANCE_ID = state().instanceId;

/** A pool with the configured sizes; tests point one at another engine through `overrides`. */
export function createSandboxPool(overrides: Partial<PoolOptions> = {}): SandboxPool {
  return new SandboxPool({
    size: env.SANDBOX_POOL_SIZE,
    failFast: state().failFast,
    queueLimit: env.SANDBOX_QUEUE_LIMIT,
    queueWaitMs: env.SANDBOX_QUEUE_WAIT_MS,
    bootConcurrency: env.SANDBOX_BOOT_CONCURRENCY,
    docker: dockerClient,
    image: imageName,
    label: INSTANCE_ID,
    describeFailure: startFailureMessage,
    isLasting: isLastingFailure,
    ...overrides,
  });
}

function thePool(): SandboxPool {
  const current = state();
  if (!current.pool) {
    current.pool = createSandboxPool();
    onShutdown(shutdownStep, "drain");
  }
  return current.pool;
}

const shutdownStep = (reason: string) => shutdown(reason === "beforeExit" ? 0 : DRAIN_MS);

export interface RunOptions {
  /** Run the tests in the learner's own VM (see runIn). */
  testsInLearnerVm?: boolean;
  /** When the pool removes this run's containers and boots their replacements (pool.ts). */
  housekeeping?: Housekeeping;
}

export async function run(request: RunRequest, options: RunOptions = {}): Promise<RunResult> {
  return runIn(thePool(), request, options);
}

/**
 * One run on a given pool (run() uses the process-wide one). A run with tests is judged in two
 * containers (judged-run.ts); `testsInLearnerVm` runs them in the learner's own VM instead, which
 * the learner's code can tamper with: only the benchmark uses it, as the baseline.
 */
export async function runIn(pool: SandboxPool, request: RunRequest, options: RunOptions = {}): Promise<RunResult> {
  const check = validateSource(request.code);
  if (!check.ok) return failure("rejected", check.message);
  if (request.tests !== undefined) {
    const testsCheck = validateSource(request.tests);
    if (!testsCheck.ok) return failure("rejected", `The exercise's tests were refused: ${testsCheck.message}`);
  }
  const timeoutMs = clampTimeout(request.timeoutMs);

  if (request.tests !== undefined && !options.testsInLearnerVm) {
    try {
      return await judgedRun(pool, request.code, request.tests, timeoutMs, options.housekeeping);
    } catch (error) {
      if (error instanceof SessionLostError) return failure("unavailable", error.message);
      return failure("unavailable", `Lost contact with the Docker engine during the run (${describeError(error)}); try again.`);
    }
  }

  const lease = await pool.acquire();
  if (lease.kind !== "session") return failure(lease.kind, lease.message);
  const { session } = lease;
  try {
    return await session.submit(request.code, timeoutMs, request.tests);
  } catch (error) {
    if (error instanceof SessionLostError) return failure("unavailable", error.message);
    return failure("unavailable", `Lost contact with the Docker engine during the run (${describeError(error)}); try again.`);
  } finally {
    pool.release(session, options.housekeeping);
  }
}

/**
 * One sweep for orphaned containers (see container.ts); the server runs it every minute. Leaves
 * the process-wide pool's containers alone.
 */
export function sweepOnce(staleSeconds?: number, prefix?: string): Promise<number> {
  const keep = state().pool?.liveContainerIds() ?? new Set<string>();
  return sweepContainers(dockerClient(), keep, staleSeconds, prefix);
}

/**
 * Makes the process's pool fail fast instead of queueing (pool.ts): the web tier calls it before
 * its first run, since admission (lib/runs) is its one queue in front of the pool.
 */
export function failFastPool(): void {
  state().failFast = true;
}

/**
 * Tells the process's pool that `containers` more containers will be asked for, then none
 * (content:check, which knows its runs: a run with tests takes two), so it boots no spare ones.
 */
export function expectContainers(containers: number): void {
  thePool().expectLeases(containers);
}

/** Boots the pool ahead of the first run (the server calls it on start). */
export async function warmUp(): Promise<void> {
  await thePool().warmUp();
}

/**
 * Removes every container this process owns and forgets the pool; the next run starts a new one.
 * Runs in flight get up to `drainMs` to finish first (DRAIN_MS on SIGTERM).
 */
export async function shutdown(drainMs = 0): Promise<void> {
  const current = state().pool;
  state().pool = null;
  await current?.shutdown(drainMs);
}

export function poolStatus(): PoolStatus | null {
  return state().pool?.status() ?? null;
}

async function imageName(): Promise<string> {
  try {
    return await sandboxImageName();
  } catch (error) {
    throw new SessionBootError(
      `Cannot read the sandbox image sources in ${sandboxImageDir()} (${describeError(error)}); start the server from the repository root or set SANDBOX_IMAGE.`,
      true,
    );
  }
}

function isLastingFailure(error: unknown): boolean {
  return isEngineUnreachable(error) || isImageMissing(error) || (error instanceof SessionBootError && error.lasting);
}

function startFailureMessage(error: unknown, image: string): string {
  if (isEngineUnreachable(error))
    return `Cannot reach the Docker engine at ${dockerEndpoint()} (${describeError(error)}); start it (dockerd, see scripts/ensure-docker.sh) and try again.`;
  if (isImageMissing(error)) return `The sandbox image ${image} is missing; run \`${BUILD_COMMAND}\` and try again.`;
  if (error instanceof SessionBootError) return error.message;
  return `The sandbox could not start (${describeError(error)}).`;
}

function failure(outcome: "rejected" | "busy" | "unavailable", message: string): RunResult {
  return { outcome, message, stdout: "", stderr: "", truncated: false, durationMs: 0 };
}

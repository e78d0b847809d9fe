// The sandbox's part of server start-up (called from instrumentation.ts, Node.js runtime only):
// remove containers orphaned by earlier runs, boot the pool, sweep for orphans every minute while
// the server runs, and on SIGTERM/SIGINT let runs in flight finish (up to 5 s) and remove every
// container this process owns before exiting. A scale-out web instance (runs go to sandbox
// workers over Redis) has no pool and no sweep: startWithoutSandbox() only keeps the SIGTERM drain
// of the requests in flight.
import { reapContainers } from "./container";
import { describeError } from "./docker-client";
import { INSTANCE_ID, shutdown, sweepOnce, warmUp } from "./run";

const DRAIN_MS = 5_000;
const EXIT_DEADLINE_MS = 10_000;
/**
 * scripts/server.mjs registers, under this key, a function that resolves once every request in
 * flight has had its answer written; the exit waits for it (within EXIT_DEADLINE_MS), so a run
 * that finished in the sandbox during the drain still reaches its learner.
 */
const ANSWERS_WRITTEN_KEY = Symbol.for("elixir-lessons.server.answers-written");
export const SWEEP_INTERVAL_MS = 60_000;

const SWEEP_KEY = Symbol.for("elixir-lessons.sandbox.sweep");

/** Starts the periodic sweep once per process (unref'd: it never keeps the process alive). */
export function startSweep(intervalMs = SWEEP_INTERVAL_MS): void {
  const holder = globalThis as typeof globalThis & { [SWEEP_KEY]?: NodeJS.Timeout };
  if (holder[SWEEP_KEY]) return;
  let sweeping = false;
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweepOnce()
      .then((removed) => {
        if (removed > 0) console.log(`sandbox: the sweep removed ${removed} orphaned container(s)`);
      })
      .catch((error: unknown) => console.warn(`sandbox: the sweep could not list containers (${describeError(error)})`))
      .finally(() => {
        sweeping = false;
      });
  }, intervalMs);
  timer.unref();
  holder[SWEEP_KEY] = timer;
}

export async function startSandbox(): Promise<void> {
  try {
    const removed = await reapContainers(undefined, INSTANCE_ID);
    if (removed > 0) console.log(`sandbox: removed ${removed} container(s) left from an earlier run`);
  } catch (error) {
    console.warn(`sandbox: could not reap leftover containers (${(error as Error).message}); is the Docker engine running?`);
  }
  void warmUp().catch(() => undefined);
  startSweep();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      const exit = () => process.exit(signal === "SIGINT" ? 130 : 143);
      setTimeout(exit, EXIT_DEADLINE_MS).unref();
      shutdown(DRAIN_MS).then(answersWritten).then(exit, exit);
    });
  }
}

/**
 * Scale-out web instance: no containers here. On SIGTERM/SIGINT the exit waits (at most
 * EXIT_DEADLINE_MS) until the answers in flight are written, then runs `beforeExit` (closing the
 * queue's connections) and exits.
 */
export function startWithoutSandbox(beforeExit: () => Promise<void> = () => Promise.resolve()): void {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      const exit = () => process.exit(signal === "SIGINT" ? 130 : 143);
      setTimeout(exit, EXIT_DEADLINE_MS).unref();
      answersWritten().then(beforeExit).then(exit, exit);
    });
  }
}

function answersWritten(): Promise<void> {
  const holder = globalThis as typeof globalThis & { [ANSWERS_WRITTEN_KEY]?: () => Promise<void> };
  return holder[ANSWERS_WRITTEN_KEY]?.() ?? Promise.resolve();
}

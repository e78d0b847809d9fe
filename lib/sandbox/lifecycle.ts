// The sandbox's part of server start-up (called from instrumentation.ts, Node.js runtime only):
// remove containers orphaned by earlier runs, boot the pool (failing fast: admission is the web
// tier's one queue), and sweep for orphans every minute while the server runs. The pool is a shutdown step of the process (run.ts): on SIGTERM/SIGINT
// runs in flight finish (up to 5 s) and every container this process owns is removed before the
// exit (lib/server/shutdown.mjs, which also waits for the answers in flight to be written).
import { processSingleton } from "@/lib/server/singleton.mjs";
import { reapContainers } from "./container";
import { describeError } from "./docker-client";
import { failFastPool, INSTANCE_ID, sweepOnce, warmUp } from "./run";

const SWEEP_INTERVAL_MS = 60_000;

/** Starts the periodic sweep once per process (unref'd: it never keeps the process alive). */
export function startSweep(intervalMs = SWEEP_INTERVAL_MS): void {
  processSingleton("sandbox.sweep", () => {
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
    return timer;
  });
}

export async function startSandbox(): Promise<void> {
  try {
    const removed = await reapContainers(undefined, INSTANCE_ID);
    if (removed > 0) console.log(`sandbox: removed ${removed} container(s) left from an earlier run`);
  } catch (error) {
    console.warn(`sandbox: could not reap leftover containers (${(error as Error).message}); is the Docker engine running?`);
  }
  // Admission (lib/runs) is the web tier's one queue in front of the pool.
  failFastPool();
  void warmUp().catch(() => undefined);
  startSweep();
}

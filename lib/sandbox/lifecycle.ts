// The sandbox's part of server start-up (called from instrumentation.ts, Node.js runtime only):
// remove containers orphaned by earlier runs, boot the pool, and on SIGTERM/SIGINT let runs in
// flight finish (up to 5 s) and remove every container this process owns before exiting.
import { reapContainers } from "./container";
import { INSTANCE_ID, shutdown, warmUp } from "./run";

const DRAIN_MS = 5_000;
const EXIT_DEADLINE_MS = 10_000;

export async function startSandbox(): Promise<void> {
  try {
    const removed = await reapContainers(undefined, INSTANCE_ID);
    if (removed > 0) console.log(`sandbox: removed ${removed} container(s) left from an earlier run`);
  } catch (error) {
    console.warn(`sandbox: could not reap leftover containers (${(error as Error).message}); is the Docker engine running?`);
  }
  void warmUp().catch(() => undefined);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      const exit = () => process.exit(signal === "SIGINT" ? 130 : 143);
      setTimeout(exit, EXIT_DEADLINE_MS).unref();
      shutdown(DRAIN_MS).then(exit, exit);
    });
  }
}

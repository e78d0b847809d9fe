// Runs once when the server starts (Node.js runtime, not during `next build`): the sandbox reaps
// orphaned containers, boots its pool and sweeps for orphans; the first admin is created from the
// environment when there is none yet. In scale-out mode (REDIS_URL set) runs go to sandbox-worker
// processes, so this web instance boots no pool and runs no sweep; its run queue clients close on
// shutdown (lib/server/shutdown.mjs owns SIGTERM/SIGINT and the order of the steps).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { env } = await import("@/lib/env");
  const { onShutdown } = await import("@/lib/server/shutdown.mjs");
  if (env.REDIS_URL) {
    onShutdown(async () => (await import("@/lib/runs/queue")).closeRunQueueClients(), "close");
  } else {
    const { startSandbox } = await import("@/lib/sandbox/lifecycle");
    await startSandbox();
  }
  await (await import("@/lib/admin/bootstrap")).bootstrapAdminOnStart();
}

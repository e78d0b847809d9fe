// Runs once when the server starts (Node.js runtime, not during `next build`): the sandbox reaps
// orphaned containers, boots its pool and removes its containers on SIGTERM/SIGINT; the first
// admin is created from the environment when there is none yet. In scale-out mode (REDIS_URL set)
// runs go to sandbox-worker processes, so this web instance boots no pool and runs no sweep; it
// only drains the requests in flight on SIGTERM.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { env } = await import("@/lib/env");
  if (env.REDIS_URL) {
    const { startWithoutSandbox } = await import("@/lib/sandbox/lifecycle");
    startWithoutSandbox(async () => (await import("@/lib/runs/queue")).closeRunQueueClients());
  } else {
    const { startSandbox } = await import("@/lib/sandbox/lifecycle");
    await startSandbox();
  }
  await (await import("@/lib/admin/bootstrap")).bootstrapAdminOnStart();
}

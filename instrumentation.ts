// Runs once when the server starts (Node.js runtime, not during `next build`): the sandbox reaps
// orphaned containers, boots its pool and removes its containers on SIGTERM/SIGINT; the first
// admin is created from the environment when there is none yet.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startSandbox } = await import("@/lib/sandbox/lifecycle");
  await startSandbox();
  await (await import("@/lib/admin/bootstrap")).bootstrapAdminOnStart();
}

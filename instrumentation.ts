// Runs once when the server starts (Node.js runtime, not during `next build`): the sandbox reaps
// orphaned containers, boots its pool and removes its containers on SIGTERM/SIGINT.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startSandbox } = await import("@/lib/sandbox/lifecycle");
  await startSandbox();
}

// Runs once when the server starts: removes sandbox containers orphaned by earlier runs, boots the
// container pool, and on SIGTERM/SIGINT removes every container this process owns before exiting.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { reapContainers, shutdown, warmUp, INSTANCE_ID } = await import("@/lib/sandbox");
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
      setTimeout(exit, 5_000).unref();
      shutdown().then(exit, exit);
    });
  }
}

// Runs once when the server starts: removes sandbox containers a previous run left behind.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { reapContainers } = await import("@/lib/sandbox");
  try {
    const removed = await reapContainers();
    if (removed > 0) console.log(`sandbox: removed ${removed} container(s) left from an earlier run`);
  } catch (error) {
    console.warn(`sandbox: could not reap leftover containers (${(error as Error).message}); is the Docker engine running?`);
  }
  await (await import("@/lib/admin/bootstrap")).bootstrapAdminOnStart();
}

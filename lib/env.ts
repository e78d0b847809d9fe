// The one reader of the environment: every setting is read and validated here, once. Every
// setting has a default, so `npm start` works with no configuration at all. A few are read when
// used instead (`liveEnv`), because tests and the health check point them elsewhere while the
// process runs.
import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "./database-url";

const schema = z.object({
  // A SQLite file (the embedded default) or PostgreSQL (scale-out mode, docs/operations.md).
  DATABASE_URL: z
    .string()
    .refine((url) => url.startsWith("file:") || /^postgres(ql)?:\/\//.test(url), "must be file:<path> (SQLite) or postgresql://… (PostgreSQL)")
    .default(DEFAULT_DATABASE_URL),
  /** PostgreSQL only: connections each process keeps open. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // Scale-out mode (docs/operations.md "Scale-out"): with REDIS_URL set, runs become jobs on a
  // Redis queue (BullMQ) that sandbox-worker processes take, and the run and draft rate limits
  // live in Redis, shared by every web instance. Unset: the in-process pool, limits in memory.
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be redis://host:port or rediss://…")
    .optional(),
  /** Prefix of every Redis key (queue and limits); tests and side-by-side deployments set their own. */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/).default("elixir-lessons"),
  /** How long a Redis command may take before the web tier treats Redis as down. */
  REDIS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  /** Jobs one sandbox-worker runs at once; default its pool size. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** A worker's job lock; a worker silent this long is presumed dead and its job runs elsewhere. */
  WORKER_LOCK_MS: z.coerce.number().int().min(1_000).max(120_000).default(10_000),
  /** Folder of the lesson MDX files; the app and scripts resolve it through contentDir() (lib/lessons/content.ts). */
  CONTENT_DIR: z.string().min(1).default("content"),
  /** First admin, created on the first start when there is none (lib/admin/bootstrap.ts). */
  ADMIN_USERNAME: z.string().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // Sandbox pool (docs/sandbox.md): containers kept booted, runs allowed to wait for one, how long
  // they wait before "busy", and how many containers boot at once.
  SANDBOX_POOL_SIZE: z.coerce.number().int().min(0).max(64).default(2),
  SANDBOX_QUEUE_LIMIT: z.coerce.number().int().min(0).max(1000).default(16),
  SANDBOX_QUEUE_WAIT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  SANDBOX_BOOT_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  // The OCI runtime of every sandbox container (docs/sandbox.md "Runtimes"): runc, or gVisor's
  // runsc, a user-space kernel between the learner's code and the host's. The set-up script
  // installs and registers runsc (SANDBOX_RUNSC_PATH: a newer binary than Debian's; the platform
  // it runs on); the engine must list it in `docker info`.
  SANDBOX_RUNTIME: z.enum(["runc", "runsc"]).default("runc"),
  SANDBOX_RUNSC_PATH: z.string().regex(/^\/[^\s"\\]+$/, "must be an absolute path without spaces or quotes").default("/usr/bin/runsc"),
  SANDBOX_RUNSC_PLATFORM: z.enum(["ptrace", "kvm", "systrap"]).default("ptrace"),
  /** First part of this process's container label; integration tests set their own. */
  SANDBOX_GROUP: z.string().regex(/^[A-Za-z0-9-]+$/).default("app"),
  // Database under contention (docs/operations.md): how long one SQLite statement waits for a lock
  // inside the driver (this blocks the event loop, so keep it short), and how long a submission's
  // write keeps retrying, asynchronously with backoff, before the learner hears "busy".
  DATABASE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).max(1_000).default(50),
  DATABASE_BUSY_RETRY_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  // PostgreSQL only (lib/db.ts): how long a statement waits for a row or table lock before it fails
  // as "busy" (then retried like SQLite's, within DATABASE_BUSY_RETRY_MS; the wait does not block
  // the event loop), and how long any statement may run before the server cancels it.
  DATABASE_LOCK_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  // Learner runs (lib/runs, docs/architecture.md): the global bound on sandbox work in flight
  // (default: the pool size, at least 1; 0 takes no run, so every run is answered busy), how many runs may wait for it and for how long, and how
  // many of those may belong to one learner; then the rate limits (token buckets: a burst, then
  // so many per minute) per learner and per client address, on runs + examples and on draft saves.
  RUNS_MAX_IN_FLIGHT: z.coerce.number().int().min(0).max(64).optional(),
  RUNS_QUEUE_LIMIT: z.coerce.number().int().min(0).max(1000).default(32),
  RUNS_QUEUE_WAIT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  RUNS_PER_LEARNER_QUEUE: z.coerce.number().int().min(0).max(100).default(2),
  RATE_RUNS_LEARNER_BURST: z.coerce.number().int().min(1).max(100_000).default(10),
  RATE_RUNS_LEARNER_PER_MINUTE: z.coerce.number().min(0.1).max(1_000_000).default(30),
  RATE_RUNS_ADDRESS_BURST: z.coerce.number().int().min(1).max(100_000).default(100),
  RATE_RUNS_ADDRESS_PER_MINUTE: z.coerce.number().min(0.1).max(1_000_000).default(300),
  RATE_DRAFTS_LEARNER_BURST: z.coerce.number().int().min(1).max(100_000).default(30),
  RATE_DRAFTS_LEARNER_PER_MINUTE: z.coerce.number().min(0.1).max(1_000_000).default(60),
  RATE_DRAFTS_ADDRESS_BURST: z.coerce.number().int().min(1).max(100_000).default(300),
  RATE_DRAFTS_ADDRESS_PER_MINUTE: z.coerce.number().min(0.1).max(1_000_000).default(1_200),
  /** RUN_TIMING_LOG=1 logs each learner run's phases on one line (lib/exercises/run-timing.ts). */
  RUN_TIMING_LOG: z.enum(["0", "1"]).default("0").transform((value) => value === "1"),
});

export type Env = z.infer<typeof schema>;
export type SandboxRuntime = Env["SANDBOX_RUNTIME"];

export const env: Env = (() => {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
})();

/** Settings read each time they are used: tests and probes change them while the process runs. */
export const liveEnv = {
  /** The Docker engine (unset: the local socket). */
  dockerHost: (): string | undefined => process.env.DOCKER_HOST,
  /** The sandbox image's full name, overriding the one derived from sandbox-image/'s contents. */
  sandboxImage: (): string | undefined => process.env.SANDBOX_IMAGE,
  /** Where the sandbox image's sources are (default: sandbox-image/ under the working directory). */
  sandboxImageDir: (): string | undefined => process.env.SANDBOX_IMAGE_DIR,
  /** ADMIN_COOKIE_SECURE=true forces the Secure flag on the admin cookie. */
  adminCookieSecure: (): boolean => process.env.ADMIN_COOKIE_SECURE === "true",
  /** The folders of PATH, where the backup looks for pg_dump and pg_restore. */
  executablePath: (): string[] => (process.env.PATH ?? "").split(":").filter(Boolean),
};

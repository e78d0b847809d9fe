// Every budget and resource limit of a sandbox run, in one place.

export const MAX_SOURCE_BYTES = 64 * 1024;

export const DEFAULT_TIMEOUT_MS = 5_000;
const MIN_TIMEOUT_MS = 100;
export const MAX_TIMEOUT_MS = 30_000;
/** From container creation to the harness's ready frame; not counted in the learner's budget. */
export const BOOT_TIMEOUT_MS = 20_000;
/** The harness stops the program at its timeout; the host kills the container this much later. */
export const KILL_GRACE_MS = 1_000;
/** After the container exits, how long to wait for the rest of its output. */
export const EXIT_DRAIN_MS = 1_000;

/** Raw bytes (stdout and stderr) the host reads from a container before killing it; the harness itself caps each learner stream at 64 KiB. */
export const HOST_OUTPUT_LIMIT_BYTES = 1024 * 1024;
/** All bytes one side of a judged run may write, relayed calls and answers included. */
export const HOST_RELAY_LIMIT_BYTES = 32 * 1024 * 1024;
/** Container-level stderr kept (VM crash messages); the rest is dropped. */
export const HOST_STDERR_LIMIT_BYTES = 16 * 1024;

export const MEMORY_BYTES = 256 * 1024 * 1024;
export const PIDS_LIMIT = 64;
export const NANO_CPUS = 1_000_000_000;
export const TMPFS_OPTIONS = "rw,nosuid,nodev,noexec,size=16m";
export const NOFILE_LIMIT = 256;
export const FSIZE_LIMIT_BYTES = 16 * 1024 * 1024;

export function clampTimeout(timeoutMs: number | undefined): number {
  if (timeoutMs === undefined || !Number.isFinite(timeoutMs)) return DEFAULT_TIMEOUT_MS;
  return Math.min(MAX_TIMEOUT_MS, Math.max(MIN_TIMEOUT_MS, Math.round(timeoutMs)));
}

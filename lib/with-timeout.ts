// One promise raced against a timer, for every check that must never hang (health probes, Redis
// commands, a test engine's ping). No "server-only": the sandbox-worker and test helpers use it.

/** The error of a timed-out wait: `code` is "ETIMEDOUT", the message names what was waited for. */
export class TimeoutError extends Error {
  override name = "TimeoutError";
  readonly code = "ETIMEDOUT";
}

/** Resolves like `promise`, or rejects with a TimeoutError ("<what> timed out after <ms> ms") when it takes longer. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// The gate in front of sandbox work, draft saves and shared snippets: rate limits per learner and
// per address, then (for sandbox work) admission (lib/runs/admission.ts). One set per process
// (processSingleton), whichever bundle asks.
// In scale-out mode (REDIS_URL) the buckets live in Redis, shared by every web instance, with this
// instance's in-memory buckets taking over while Redis errors; admission then bounds only this
// instance's waiting requests (RUNS_MAX_IN_FLIGHT, default 32): the workers' capacity is the real bound.
import "server-only";
import { env } from "@/lib/env";
import { reportInFlight } from "@/lib/health";
import type { RunResult } from "@/lib/sandbox/types";
import { onShutdown } from "@/lib/server/shutdown.mjs";
import { processSingleton } from "@/lib/server/singleton.mjs";
import { Admission, type AdmissionStatus, type Admitted } from "./admission";
import { type BucketOptions, type RateDecision, TokenBucketLimiter, takeBoth, type RateLimiter } from "./rate-limit";
import { redisEndpoint } from "./redis-errors";

/** Admission bound per web instance in scale-out mode when RUNS_MAX_IN_FLIGHT is not set. */
export const SCALE_OUT_MAX_IN_FLIGHT = 32;

/** How long a learner is asked to wait before retrying a run the sandbox pool had no room for. */
export const BUSY_RETRY_MS = 2_000;
/** ... and after the sandbox or the database was unavailable. */
export const UNAVAILABLE_RETRY_MS = 5_000;

/** A sandbox result that says nothing about the code: the pool had no room, or the sandbox was down. */
export type SandboxRefusal = Extract<RunResult, { outcome: "busy" | "unavailable" }>;

export function isSandboxRefusal(result: RunResult): result is SandboxRefusal {
  return result.outcome === "busy" || result.outcome === "unavailable";
}

/** The answer to a refused run: the learner (or the UI by itself) retries after the given delay. */
export function retryableAnswer(result: SandboxRefusal): { kind: "busy" | "unavailable"; message: string; retryAfterMs: number } {
  return { kind: result.outcome, message: result.message, retryAfterMs: result.outcome === "busy" ? BUSY_RETRY_MS : UNAVAILABLE_RETRY_MS };
}

interface Limits {
  runs: { learner: RateLimiter; address: RateLimiter };
  drafts: { learner: RateLimiter; address: RateLimiter };
  shares: { learner: RateLimiter; address: RateLimiter };
}

/** Playground snippets shared (lib/snippets): a few a minute per learner, a class's worth per address. */
const SHARE_LIMITS = { learner: { burst: 10, perMinute: 10 }, address: { burst: 60, perMinute: 60 } };

interface Gate {
  admission: Admission;
  /** A promise: the Redis limiters (scale-out mode only) are loaded on first use. */
  limits: Promise<Limits>;
}

/** The gate's processSingleton key (tests forget it to start over with other settings). */
const GATE_KEY = "runs.gate";

function gate(): Gate {
  return processSingleton(GATE_KEY, () => {
    const admission = new Admission({
      maxInFlight: env.RUNS_MAX_IN_FLIGHT ?? (env.REDIS_URL ? SCALE_OUT_MAX_IN_FLIGHT : Math.max(1, env.SANDBOX_POOL_SIZE)),
      queueLimit: env.RUNS_QUEUE_LIMIT,
      maxWaitMs: env.RUNS_QUEUE_WAIT_MS,
      perLearnerQueue: env.RUNS_PER_LEARNER_QUEUE,
    });
    // On shutdown, runs not yet started are refused; runs in flight finish while the sandbox drains.
    onShutdown(() => admission.close(), "refuse");
    reportInFlight("runs", () => {
      const { inFlight, waiting, maxInFlight, queueLimit } = admission.status();
      return { inFlight, waiting, maxInFlight, queueLimit };
    });
    return { admission, limits: makeLimits() };
  });
}

/** In-memory buckets, or (with REDIS_URL) Redis buckets with the in-memory ones as fallback. */
async function makeLimits(): Promise<Limits> {
  const make = await limiterFactory();
  return {
    runs: {
      learner: make("runs:learner", { burst: env.RATE_RUNS_LEARNER_BURST, perMinute: env.RATE_RUNS_LEARNER_PER_MINUTE }),
      address: make("runs:address", { burst: env.RATE_RUNS_ADDRESS_BURST, perMinute: env.RATE_RUNS_ADDRESS_PER_MINUTE }),
    },
    drafts: {
      learner: make("drafts:learner", { burst: env.RATE_DRAFTS_LEARNER_BURST, perMinute: env.RATE_DRAFTS_LEARNER_PER_MINUTE }),
      address: make("drafts:address", { burst: env.RATE_DRAFTS_ADDRESS_BURST, perMinute: env.RATE_DRAFTS_ADDRESS_PER_MINUTE }),
    },
    shares: { learner: make("shares:learner", SHARE_LIMITS.learner), address: make("shares:address", SHARE_LIMITS.address) },
  };
}

async function limiterFactory(): Promise<(name: string, options: BucketOptions) => RateLimiter> {
  const url = env.REDIS_URL;
  if (!url) return (_name, options) => new TokenBucketLimiter(options);
  const [{ createCommandClient }, { rateLimitOutage, sharedLimiter }] = await Promise.all([import("./redis"), import("./redis-rate-limit")]);
  const client = createCommandClient({ url, prefix: env.REDIS_PREFIX, timeoutMs: env.REDIS_TIMEOUT_MS });
  const outage = rateLimitOutage(redisEndpoint(url));
  return (name, options) => sharedLimiter(client, `${env.REDIS_PREFIX}:rate:${name}:`, options, outage);
}

export type RateLimited = { ok: false; kind: "rate_limited"; message: string; retryAfterMs: number };

/** Runs sandbox work (an exercise run or a lesson example) for this learner, if limits and the bound allow. */
export async function admitSandboxWork<T>(learnerId: string, address: string, work: () => Promise<T>): Promise<Admitted<T> | RateLimited> {
  const { admission, limits } = gate();
  const decision = await takeBoth((await limits).runs, learnerId, address);
  if (!decision.ok) {
    return {
      ok: false,
      kind: "rate_limited",
      message: `You are running code faster than this site allows; wait ${seconds(decision.retryAfterMs)} and run it again.`,
      retryAfterMs: decision.retryAfterMs,
    };
  }
  return admission.run(learnerId, work);
}

/** Whether a draft save may go ahead; a refusal carries the message the editor shows. */
export async function admitDraftSave(learnerId: string, address: string): Promise<{ ok: true } | RateLimited> {
  const decision = await takeBoth((await gate().limits).drafts, learnerId, address);
  if (decision.ok) return decision;
  return { ok: false, kind: "rate_limited", message: `saving too often; retrying in ${seconds(decision.retryAfterMs)}`, retryAfterMs: decision.retryAfterMs };
}

/** Whether a playground snippet may be shared now; a refusal says when to try again. */
export async function admitShare(learnerId: string, address: string): Promise<RateDecision> {
  return takeBoth((await gate().limits).shares, learnerId, address);
}

export function admissionStatus(): AdmissionStatus {
  return gate().admission.status();
}

function seconds(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s === 1 ? "a second" : `${s} seconds`;
}

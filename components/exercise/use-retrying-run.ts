"use client";
// Runs a request that the server may answer "busy" or "rate limited", retrying by itself: after the
// server's Retry-After, growing with each attempt, with jitter so a class does not retry as one
// wave, until it succeeds, the learner cancels, or about a minute has passed. Shared by the
// exercise runner and the lesson examples' "Run this".
import { useCallback, useEffect, useRef, useState } from "react";

export type Retryable = { kind: "busy" | "rate_limited"; message: string; retryAfterMs: number };

/** Total time spent retrying before giving up. */
const GIVE_UP_AFTER_MS = 60_000;
const MAX_DELAY_MS = 15_000;

export type RetryPhase =
  | { kind: "idle" }
  | { kind: "running"; startedAt: number }
  /** Waiting to retry after a busy/rate-limited answer; `at` is when the next attempt starts. */
  | { kind: "waiting"; startedAt: number; at: number; attempt: number };

/** The pause before retry number `attempt` (1-based): at least Retry-After, doubling, ±20% jitter, capped. */
export function retryDelay(retryAfterMs: number, attempt: number, random = Math.random): number {
  const base = Math.max(retryAfterMs, 1_000 * 2 ** Math.min(attempt - 1, 4));
  const jittered = base * (0.8 + 0.4 * random());
  return Math.round(Math.min(MAX_DELAY_MS, Math.max(retryAfterMs, jittered)));
}

function isRetryable(state: { kind: string }): state is Retryable {
  return state.kind === "busy" || state.kind === "rate_limited";
}

/**
 * `send` makes one attempt. The state ends as the last answer; when retries run out it is the
 * last busy/rate-limited answer with `gaveUp` set, for the UI to say so.
 */
export function useRetryingRun<S extends { kind: string }>(initial: S) {
  const [state, setState] = useState<S>(initial);
  const [phase, setPhase] = useState<RetryPhase>({ kind: "idle" });
  const [gaveUp, setGaveUp] = useState(false);
  // Mirrors read synchronously by start() (the double-submit guard) and cancel().
  const stateRef = useRef<S>(initial);
  const phaseRef = useRef<RetryPhase>({ kind: "idle" });
  const before = useRef<S>(initial);
  const generation = useRef(0);

  useEffect(() => {
    const current = generation;
    return () => void (current.current += 1);
  }, []);

  const show = useCallback((next: S) => {
    stateRef.current = next;
    setState(next);
  }, []);
  const updatePhase = useCallback((next: RetryPhase) => {
    phaseRef.current = next;
    setPhase(next);
  }, []);

  /** Starts a run unless one is in progress; returns whether it started. */
  const start = useCallback(
    (send: () => Promise<S>): boolean => {
      if (phaseRef.current.kind !== "idle") return false;
      const mine = ++generation.current;
      const live = () => generation.current === mine;
      const startedAt = Date.now();
      before.current = stateRef.current;
      setGaveUp(false);
      updatePhase({ kind: "running", startedAt });
      void (async () => {
        for (let attempt = 1; ; attempt++) {
          const answer = await send();
          if (!live()) return;
          show(answer);
          if (!isRetryable(answer)) break;
          const delay = retryDelay(answer.retryAfterMs, attempt);
          if (Date.now() + delay - startedAt > GIVE_UP_AFTER_MS) {
            setGaveUp(true);
            break;
          }
          updatePhase({ kind: "waiting", startedAt, at: Date.now() + delay, attempt });
          await new Promise((resolve) => setTimeout(resolve, delay));
          if (!live()) return;
          updatePhase({ kind: "running", startedAt });
        }
        updatePhase({ kind: "idle" });
      })();
      return true;
    },
    [show, updatePhase],
  );

  /** Stops retrying (an answer still on its way is ignored); the result from before the run comes back. */
  const cancel = useCallback(() => {
    generation.current += 1;
    show(before.current);
    updatePhase({ kind: "idle" });
  }, [show, updatePhase]);

  return { state, phase, gaveUp, start, cancel };
}

/** The current time, ticking every 100 ms while `active` (for the running timer and the retry countdown). */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

"use client";
// Autosave of an exercise's draft: the code goes to the server a moment after the learner stops
// typing; a refusal (rate limited, offline) is shown and retried after the server's delay.
import { useEffect, useState } from "react";
import type { DraftResult } from "@/lib/exercises/schema";

const DRAFT_DELAY_MS = 700;

export type DraftStatus = { kind: "idle" | "saving" | "saved" } | { kind: "error"; message: string };

export function useDraftAutosave({
  exerciseId,
  code,
  initial,
  starter,
  save,
}: {
  exerciseId: string;
  code: string;
  /** The code the page loaded with (the saved draft or the starter). */
  initial: string;
  starter: string;
  save: (exerciseId: string, code: string) => Promise<DraftResult>;
}): DraftStatus {
  const [savedCode, setSavedCode] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [retry, setRetry] = useState(0);

  useEffect(() => {
    if (code === savedCode) return;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    const timer = setTimeout(async () => {
      const result: DraftResult = await save(exerciseId, code).catch(() => ({
        ok: false as const,
        message: "the server could not be reached",
        retryAfterMs: 5_000,
      }));
      if (result.ok) {
        setSavedCode(code);
        setError(null);
      } else {
        setError(result.message);
        // Rate limited or offline: try again later (any edit retries sooner).
        if ("retryAfterMs" in result && typeof result.retryAfterMs === "number") retryTimer = setTimeout(() => setRetry((n) => n + 1), result.retryAfterMs);
      }
    }, DRAFT_DELAY_MS);
    return () => {
      clearTimeout(timer);
      clearTimeout(retryTimer);
    };
  }, [code, savedCode, exerciseId, save, retry]);

  if (code !== savedCode) return error ? { kind: "error", message: error } : { kind: "saving" };
  return savedCode === starter ? { kind: "idle" } : { kind: "saved" };
}

"use client";
// The run state of one exercise: the latest answer (retried by itself while busy or rate
// limited), the code of the latest run, and the learner's standing (attempts, failed attempts,
// solved) as the latest verdict reports it, else as the page loaded it.
import { useCallback, useEffect, useState } from "react";
import { USER_MESSAGES } from "@/lib/errors";
import type { ExerciseRunState } from "@/lib/exercises/run-exercise";
import { useRetryingRun } from "./use-retrying-run";

const IDLE: ExerciseRunState = { kind: "idle" };
const OFFLINE: ExerciseRunState = { kind: "error", message: USER_MESSAGES.offline };

export function useExerciseRun({
  exerciseId,
  code,
  send,
  lastRunCode,
  initial,
  onSolved,
}: {
  exerciseId: string;
  code: string;
  send: (exerciseId: string, code: string) => Promise<ExerciseRunState>;
  lastRunCode: string | null;
  initial: { attempts: number; failedAttempts: number; solved: boolean };
  /** Called once a verdict says the exercise is solved. */
  onSolved?: (exerciseId: string) => void;
}) {
  const { state, phase, gaveUp, start, cancel } = useRetryingRun<ExerciseRunState>(IDLE);
  const [lastRun, setLastRun] = useState(lastRunCode);

  // The double-submit guard lives in start(): while a run (or its retries) is in progress, another is ignored.
  const run = useCallback(() => {
    if (start(() => send(exerciseId, code).catch(() => OFFLINE))) setLastRun(code);
  }, [start, send, exerciseId, code]);

  const standing = state.kind === "verdict" ? state : null;
  const solved = initial.solved || (standing?.solved ?? false);
  useEffect(() => {
    if (standing?.solved) onSolved?.(exerciseId);
  }, [standing, onSolved, exerciseId]);

  return {
    state,
    phase,
    gaveUp,
    run,
    cancel,
    lastRun,
    attempts: standing ? standing.attempts : initial.attempts,
    failedAttempts: standing ? standing.failedAttempts : initial.failedAttempts,
    solved,
  };
}

"use client";
// The reference solution of an exercise, fetched from the server (which records the view) once
// the learner asks for it, and hidden again on request.
import { useCallback, useState, useTransition } from "react";
import type { SolutionResult } from "@/lib/exercises/schema";

export function useSolution(exerciseId: string, view: (exerciseId: string) => Promise<SolutionResult>) {
  const [solution, setSolution] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const show = useCallback(
    () =>
      startTransition(async () => {
        const result = await view(exerciseId).catch(() => ({ ok: false as const, message: "Could not reach the server; try again." }));
        if (result.ok) {
          setSolution(result.solution);
          setError(null);
        } else {
          setError(result.message);
        }
      }),
    [exerciseId, view],
  );
  const hide = useCallback(() => setSolution(null), []);

  return { solution, error, pending, show, hide };
}

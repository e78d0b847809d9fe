"use client";
// Hints, revealed one at a time on request. The page carries only the hints already revealed;
// each further one comes from the server (rendered there) after its reveal is recorded.
import { useEffect, useRef, useState, useTransition, type ReactNode } from "react";
import type { RevealedHint } from "@/lib/exercises/schema";

export function HintList({
  exerciseId,
  count,
  revealedHints,
  reveal,
}: {
  exerciseId: string;
  /** How many hints the exercise has. */
  count: number;
  /** The hints this learner has already revealed, rendered on the server. */
  revealedHints: ReactNode[];
  reveal: (exerciseId: string, index: number) => Promise<RevealedHint>;
}) {
  const [hints, setHints] = useState(revealedHints);
  const revealed = hints.length;
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const lastHint = useRef<HTMLLIElement>(null);
  const focusLast = useRef(false);

  // The button goes away with the last hint: keep keyboard focus in a sensible place.
  useEffect(() => {
    if (!focusLast.current) return;
    focusLast.current = false;
    lastHint.current?.focus();
  }, [hints.length]);

  if (count === 0) return null;
  const remaining = count - revealed;

  const revealNext = () =>
    startTransition(async () => {
      const result = await reveal(exerciseId, revealed).catch(() => ({ ok: false as const, message: "Could not reach the server; try again." }));
      if (!result.ok) {
        setError(result.message);
        return;
      }
      setError(null);
      if (result.revealed > hints.length) {
        focusLast.current = result.revealed >= count;
        setHints([...hints, result.hint]);
      }
    });

  return (
    <div className="mt-4" data-testid="hints">
      <ol aria-live="polite" aria-label="Hints" className="space-y-2 empty:hidden">
        {hints.map((hint, i) => (
          <li
            key={i}
            ref={i === revealed - 1 ? lastHint : undefined}
            tabIndex={-1}
            data-testid="hint"
            className="rounded-lg border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-950 outline-none focus-visible:ring-2 focus-visible:ring-violet-600 dark:border-sky-900 dark:bg-sky-950/40 dark:text-sky-100"
          >
            <span className="font-semibold">Hint {i + 1}: </span>
            <div className="prose prose-sm max-w-none dark:prose-invert prose-p:my-1 prose-code:before:content-none prose-code:after:content-none [&>*:first-child]:inline">
              {hint}
            </div>
          </li>
        ))}
      </ol>
      {remaining > 0 && (
        <button
          type="button"
          onClick={revealNext}
          aria-disabled={pending}
          className="mt-2 min-h-11 rounded-md border border-sky-300 px-3 py-1.5 text-sm font-medium text-sky-800 hover:bg-sky-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-600 aria-disabled:opacity-60 dark:border-sky-800 dark:text-sky-200 dark:hover:bg-sky-950"
        >
          {revealed === 0 ? "Show a hint" : "Show the next hint"} ({remaining} left)
        </button>
      )}
      {error && (
        <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}

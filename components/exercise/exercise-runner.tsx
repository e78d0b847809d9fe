"use client";
// One exercise on a lesson page: prompt, editor, Run/Reset, attempts and solved state, and the last result.
import { useActionState, useCallback, useEffect, useId, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { CodeEditor } from "@/components/editor/code-editor";
import type { RunState } from "@/lib/grading/types";
import { ResultPanel } from "./result-panel";

export type ExerciseRunnerProps = {
  exerciseId: string;
  title: string;
  starter: string;
  action: (prev: RunState, formData: FormData) => Promise<RunState>;
  initialAttempts: number;
  initialSolved: boolean;
  /** The prompt, rendered on the server. */
  children?: ReactNode;
  headingLevel?: 2 | 3;
};

const IDLE: RunState = { kind: "idle" };

export function ExerciseRunner({
  exerciseId,
  title,
  starter,
  action,
  initialAttempts,
  initialSolved,
  children,
  headingLevel = 2,
}: ExerciseRunnerProps) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  const [code, setCode] = useState(starter);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [resetAfter, setResetAfter] = useState<RunState | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const submitting = useRef(false);
  const elapsedMs = useElapsed(pending, startedAt);
  const mac = useIsMac();
  const ids = useId();

  useEffect(() => {
    if (!pending) submitting.current = false;
  }, [pending]);

  const run = useCallback(() => {
    if (!submitting.current) formRef.current?.requestSubmit();
  }, []);

  const attempts = state.kind === "verdict" ? state.attempts : initialAttempts;
  const solved = initialSolved || (state.kind === "verdict" && state.solved);
  const verdict = state.kind === "verdict" && state !== resetAfter ? state.verdict : null;
  const marked = verdict?.status === "compile_error" || verdict?.status === "runtime_error" ? verdict : null;
  const Heading = headingLevel === 2 ? "h2" : "h3";

  return (
    <section
      aria-labelledby={`${ids}-title`}
      className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-5 dark:border-zinc-800 dark:bg-zinc-900/60"
    >
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <Heading id={`${ids}-title`} className="text-lg font-semibold text-zinc-900 dark:text-zinc-50">
          <span className="sr-only">Exercise: </span>
          {title}
        </Heading>
        {solved && (
          <span
            data-testid="solved"
            className="inline-flex items-center gap-1 rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-semibold text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200"
          >
            <span aria-hidden="true">✓</span> Solved
          </span>
        )}
        <span data-testid="attempts" className="ml-auto text-sm text-zinc-500 tabular-nums dark:text-zinc-400">
          {attempts} {attempts === 1 ? "attempt" : "attempts"}
        </span>
      </header>

      {children && (
        <div className="prose prose-sm prose-zinc mt-2 max-w-none dark:prose-invert prose-code:before:content-none prose-code:after:content-none">
          {children}
        </div>
      )}

      <form
        ref={formRef}
        action={formAction}
        onSubmit={(e) => {
          if (submitting.current) {
            e.preventDefault();
            return;
          }
          submitting.current = true;
          setStartedAt(Date.now());
        }}
        className="mt-4"
      >
        <input type="hidden" name="exerciseId" value={exerciseId} />
        <CodeEditor
          value={code}
          onChange={setCode}
          onRun={run}
          label={`Code for ${title}`}
          name="code"
          id={`${ids}-code`}
          aria-describedby={`${ids}-hint`}
          errorLine={marked?.line ?? null}
          errorMessage={marked?.message}
        />
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <button
            type="submit"
            // aria-disabled rather than disabled, so keyboard focus stays on the button while it runs.
            aria-disabled={pending}
            aria-describedby={`${ids}-hint`}
            className="inline-flex min-w-[8.5rem] items-center justify-center gap-2 rounded-md bg-violet-700 px-4 py-2 text-sm font-semibold text-white shadow-sm tabular-nums hover:bg-violet-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-600 aria-disabled:cursor-wait aria-disabled:bg-violet-700/75 dark:bg-violet-600 dark:hover:bg-violet-500 dark:aria-disabled:bg-violet-600/60"
          >
            {pending ? (
              <>
                <span aria-hidden="true" className="size-3.5 animate-spin rounded-full border-2 border-white/40 border-t-white" />
                Running… {(elapsedMs / 1000).toFixed(1)} s
              </>
            ) : (
              <>
                <span aria-hidden="true">▶</span> Run
              </>
            )}
          </button>
          <button
            type="button"
            onClick={() => {
              setCode(starter);
              setResetAfter(state);
            }}
            disabled={code === starter}
            className="rounded-md border border-zinc-300 px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-600 disabled:opacity-50 disabled:hover:bg-transparent dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800"
          >
            Reset
          </button>
          <p id={`${ids}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
            <kbd className="font-sans">{mac ? "⌘" : "Ctrl"}</kbd>+<kbd className="font-sans">Enter</kbd> runs. In the editor,{" "}
            <kbd className="font-sans">Esc</kbd> then <kbd className="font-sans">Tab</kbd> moves on.
          </p>
        </div>
      </form>

      <ResultPanel state={state} pending={pending} onRetry={run} />
    </section>
  );
}

function useElapsed(pending: boolean, startedAt: number | null): number {
  const [now, setNow] = useState(0);
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, [pending]);
  return pending && startedAt !== null ? Math.max(0, now - startedAt) : 0;
}

const noSubscription = () => () => {};

function useIsMac(): boolean {
  return useSyncExternalStore(noSubscription, () => /Mac|iPhone|iPad/.test(navigator.platform), () => false);
}

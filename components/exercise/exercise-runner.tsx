"use client";
// One exercise on a lesson page: prompt, editor with autosaved draft, Run / Reset / Restore last
// run / Show solution, hints, attempts and solved state, the last result, and after a pass the
// way on. Run posts to /api/runs (post-run.ts); the rest are the page's server actions. The state
// lives in hooks: useExerciseRun (runs and standing), useDraftAutosave, useSolution.
import { useId, useState, useSyncExternalStore, type ReactNode } from "react";
import { CodeEditor } from "@/components/editor/code-editor";
import { useMediaQuery } from "@/components/ui/media-query";
import { useFormat, type FormatAction } from "@/components/editor/use-format";
import type { ExerciseRunState } from "@/lib/exercises/run-exercise";
import type { DraftResult, RevealedHint, SolutionResult } from "@/lib/exercises/schema";
import { FAILED_ATTEMPTS_FOR_SOLUTION, solutionUnlocked } from "@/lib/exercises/unlock";
import { HintList } from "./hint-list";
import { NextStep, useLessonProgress } from "./lesson-progress";
import { postRun } from "./post-run";
import { ResultPanel } from "./result-panel";
import { SolutionPanel } from "./solution-panel";
import { useDraftAutosave, type DraftStatus } from "./use-draft-autosave";
import { useExerciseRun } from "./use-exercise-run";
import { useNow } from "./use-retrying-run";
import { useSolution } from "./use-solution";

/** The server actions behind the exercise, passed in by the lesson page (Run posts to /api/runs: post-run.ts). */
export type ExerciseActions = {
  saveDraft: (exerciseId: string, code: string) => Promise<DraftResult>;
  revealHint: (exerciseId: string, index: number) => Promise<RevealedHint>;
  viewSolution: (exerciseId: string) => Promise<SolutionResult>;
  format?: FormatAction;
};

export type ExerciseRunnerProps = {
  exerciseId: string;
  title: string;
  starter: string;
  /** The saved draft, if the learner has one. */
  draft?: string | null;
  /** The code of the learner's latest run, if any. */
  lastRunCode?: string | null;
  /** How many hints the exercise has, and those the learner has revealed (rendered on the server). */
  hintCount?: number;
  revealedHints?: ReactNode[];
  /** Test source the author chose to show. */
  visibleTests?: string | null;
  actions: ExerciseActions;
  initialAttempts: number;
  initialFailedAttempts?: number;
  initialSolved: boolean;
  /** The prompt, rendered on the server. */
  children?: ReactNode;
  headingLevel?: 2 | 3;
};

export function ExerciseRunner({
  exerciseId,
  title,
  starter,
  draft = null,
  lastRunCode = null,
  hintCount = 0,
  revealedHints = [],
  visibleTests = null,
  actions,
  initialAttempts,
  initialFailedAttempts = 0,
  initialSolved,
  children,
  headingLevel = 2,
}: ExerciseRunnerProps) {
  const [code, setCode] = useState(draft ?? starter);
  const progress = useLessonProgress();
  const { state, phase, gaveUp, run, cancel, lastRun, attempts, failedAttempts, solved } = useExerciseRun({
    exerciseId,
    code,
    send: postRun,
    lastRunCode,
    initial: { attempts: initialAttempts, failedAttempts: initialFailedAttempts, solved: initialSolved },
    onSolved: progress?.markSolved,
  });
  const draftStatus = useDraftAutosave({ exerciseId, code, initial: draft ?? starter, starter, save: actions.saveDraft });
  const solutionView = useSolution(exerciseId, actions.viewSolution);
  const { solution } = solutionView;
  const [resetAfter, setResetAfter] = useState<ExerciseRunState | null>(null);
  const pending = phase.kind !== "idle";
  const startedAt = phase.kind === "idle" ? null : phase.startedAt;
  const now = useNow(pending);
  const elapsedMs = startedAt === null ? 0 : Math.max(0, now - startedAt);
  const touch = useIsTouch();
  const mac = useIsMac();
  const ids = useId();

  const unlocked = solutionUnlocked({ solved, failedAttempts });
  const verdict = state.kind === "verdict" && state !== resetAfter ? state.verdict : null;
  const marked = verdict?.status === "compile_error" || verdict?.status === "runtime_error" ? verdict : null;
  const passedNow = !pending && state.kind === "verdict" && state.verdict.status === "passed";
  const Heading = headingLevel === 2 ? "h2" : "h3";

  const replaceCode = (next: string) => {
    setCode(next);
    setResetAfter(state);
  };
  const formatter = useFormat(code, replaceCode, actions.format);

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

      {/* Inside the lesson's not-prose wrapper, so the prompt's lists and paragraphs are styled here. */}
      {children && (
        <div className="mt-2 max-w-none text-sm leading-6 text-zinc-700 dark:text-zinc-300 [&_code]:font-mono [&_code]:text-[0.9em] [&_li]:my-0.5 [&_ol]:my-2 [&_ol]:list-decimal [&_ol]:pl-5 [&_p]:my-2 [&_ul]:my-2 [&_ul]:list-disc [&_ul]:pl-5">
          {children}
        </div>
      )}

      {visibleTests && (
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer font-medium text-violet-800 dark:text-violet-200">The tests your code must pass</summary>
          <pre className="mt-1 overflow-auto rounded-md bg-zinc-100 px-3 py-2 font-mono text-[13px] dark:bg-zinc-800/70">{visibleTests}</pre>
        </details>
      )}

      <form
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
        className="mt-4"
      >
        <CodeEditor
          value={code}
          onChange={setCode}
          onRun={run}
          onFormat={formatter.format}
          label={`Code for ${title}`}
          name="code"
          id={`${ids}-code`}
          aria-describedby={`${ids}-keys`}
          errorLine={marked?.line ?? null}
          errorMessage={marked?.message}
        />
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <button
            type="submit"
            // aria-disabled rather than disabled, so keyboard focus stays on the button while it runs.
            aria-disabled={pending}
            aria-describedby={`${ids}-keys`}
            className="inline-flex min-h-11 min-w-[8.5rem] items-center justify-center gap-2 rounded-md bg-violet-700 px-4 py-2 text-sm font-semibold text-white shadow-sm tabular-nums hover:bg-violet-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-600 aria-disabled:cursor-wait aria-disabled:bg-violet-700/75 dark:bg-violet-600 dark:hover:bg-violet-500 dark:aria-disabled:bg-violet-600/60"
          >
            {pending ? (
              <>
                <span aria-hidden="true" className="size-3.5 animate-spin rounded-full border-2 border-white/40 border-t-white" />
                {phase.kind === "waiting" ? "Waiting…" : "Running…"} {(elapsedMs / 1000).toFixed(1)} s
              </>
            ) : (
              <>
                <span aria-hidden="true">▶</span> Run
              </>
            )}
          </button>
          {formatter.format && (
            <button type="button" onClick={formatter.format} aria-disabled={formatter.pending || undefined} title="Shift+Alt+F" className={secondaryButton}>
              {formatter.pending ? "Formatting…" : "Format"}
            </button>
          )}
          <button
            type="button"
            onClick={() => replaceCode(starter)}
            disabled={code === starter}
            className={secondaryButton}
          >
            Reset to starter
          </button>
          {/* Always present, so the row never reflows when they become usable. */}
          <button
            type="button"
            onClick={() => lastRun !== null && replaceCode(lastRun)}
            disabled={lastRun === null || code === lastRun}
            title={lastRun === null ? "Run your code first" : undefined}
            className={secondaryButton}
          >
            Restore last run
          </button>
          <button
            type="button"
            onClick={!unlocked ? undefined : solution === null ? solutionView.show : solutionView.hide}
            disabled={!unlocked}
            aria-disabled={solutionView.pending || undefined}
            aria-expanded={unlocked ? solution !== null : undefined}
            aria-describedby={unlocked ? undefined : `${ids}-solution-rule`}
            className={secondaryButton}
          >
            {solution === null ? "Show solution" : "Hide solution"}
          </button>
          <DraftIndicator status={draftStatus} />
          <p className="w-full text-xs text-zinc-500 dark:text-zinc-400">
            <span id={`${ids}-solution-rule`} data-testid="solution-rule">
              {unlocked
                ? "Solution unlocked. "
                : `The solution unlocks after a pass or ${FAILED_ATTEMPTS_FOR_SOLUTION - failedAttempts} more failed ${
                    FAILED_ATTEMPTS_FOR_SOLUTION - failedAttempts === 1 ? "attempt" : "attempts"
                  }. `}
            </span>
            {/* Keyboard hints only where there is a keyboard: a touch device has no Ctrl+Enter. */}
            <span id={`${ids}-keys`} hidden={touch}>
              <kbd className="font-sans">{mac ? "⌘" : "Ctrl"}</kbd>+<kbd className="font-sans">Enter</kbd> runs. In the editor,{" "}
              <kbd className="font-sans">Esc</kbd> then <kbd className="font-sans">Tab</kbd> moves on.
            </span>
          </p>
        </div>
      </form>

      {formatter.message && (
        <p role="status" data-testid="format-message" className="mt-2 text-sm text-red-700 dark:text-red-300">
          {formatter.message}
        </p>
      )}
      {solutionView.error && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
          {solutionView.error}
        </p>
      )}
      {solution !== null && <SolutionPanel solution={solution} code={code} onHide={solutionView.hide} />}

      <HintList exerciseId={exerciseId} count={hintCount} revealedHints={revealedHints} reveal={actions.revealHint} />

      <ResultPanel
        state={state}
        pending={phase.kind === "running"}
        elapsedMs={elapsedMs}
        onRetry={run}
        retry={phase.kind === "waiting" ? { inMs: Math.max(0, phase.at - now), onCancel: cancel } : null}
        gaveUp={gaveUp}
        action={passedNow ? <NextStep id={exerciseId} /> : null}
      />
    </section>
  );
}

const noSubscription = () => () => {};

function useIsMac(): boolean {
  return useSyncExternalStore(noSubscription, () => /Mac|iPhone|iPad/.test(navigator.platform), () => false);
}

/** A device whose main pointer is a finger: no keyboard shortcuts to offer. */
function useIsTouch(): boolean {
  return useMediaQuery("(pointer: coarse)", false);
}

// min-h-11: 44 px, a finger's touch target.
const secondaryButton =
  "min-h-11 rounded-md border border-zinc-300 px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-600 disabled:opacity-50 disabled:hover:bg-transparent aria-disabled:opacity-60 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800";

function DraftIndicator({ status }: { status: DraftStatus }) {
  const text =
    status.kind === "saving"
      ? "Saving draft…"
      : status.kind === "saved"
        ? "Draft saved"
        : status.kind === "error"
          ? `Draft not saved: ${status.message}`
          : "";
  return (
    <span
      data-testid="draft-status"
      data-state={status.kind}
      // Only a failure is announced; "Saving…/Saved" on every pause in typing would be noise.
      role={status.kind === "error" ? "alert" : undefined}
      // Its own line, always there, so the text appearing never reflows the buttons.
      className={`min-h-4 basis-full text-right text-xs ${status.kind === "error" ? "text-red-700 dark:text-red-300" : "text-zinc-500 dark:text-zinc-400"}`}
    >
      {text}
    </span>
  );
}

// Renders the outcome of one exercise run (a RunState): a heading, one sentence, and the details that help fix it.
import { memo, type ReactNode } from "react";
import type { RunState, TestResult, Verdict } from "@/lib/grading/types";
import { OutputDiff, VisibleWhitespace } from "./output-diff";

export type ResultPanelProps = {
  state: RunState;
  /** A run is in flight: the previous result stays, dimmed. */
  pending?: boolean;
  /** How long the current run has taken so far, while pending. */
  elapsedMs?: number;
  /** Resubmits the same code; offered when the runner was unavailable. */
  onRetry?: () => void;
  /** A busy or rate-limited answer will be retried by itself in `inMs`, unless cancelled. */
  retry?: { inMs: number; onCancel: () => void } | null;
  /** Automatic retries ran out (about a minute) without a verdict. */
  gaveUp?: boolean;
  /** Shown in the heading row (the way on after a pass), inside the space already reserved. */
  action?: ReactNode;
};

type Tone = "success" | "warning" | "error" | "neutral";

type Summary = { tone: Tone; heading: string; sentence: string; badge?: string };

export const ResultPanel = memo(function ResultPanel({ state, pending = false, elapsedMs = 0, onRetry, retry = null, gaveUp = false, action = null }: ResultPanelProps) {
  const summary = state.kind === "idle" ? null : summarize(state, gaveUp);
  const status = state.kind === "verdict" ? state.verdict.status : state.kind;
  const durationMs = state.kind === "verdict" && "durationMs" in state.verdict ? state.verdict.durationMs : null;

  return (
    <div className="mt-4 min-h-[9rem]" aria-busy={pending}>
      <div aria-live="polite" aria-atomic="true" className="sr-only">
        {summary && !pending ? `${summary.heading}. ${summary.sentence}` : ""}
      </div>
      {summary === null ? (
        <p className="flex min-h-[9rem] items-center justify-center rounded-lg border border-dashed border-zinc-300 px-4 text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
          {pending ? `Running your code… ${(elapsedMs / 1000).toFixed(1)} s` : "Run your code to see the result here."}
        </p>
      ) : (
        <section
          data-testid="result"
          data-status={status}
          data-pending={pending ? "true" : undefined}
          aria-label="Result"
          className={`min-h-[9rem] rounded-lg border-l-4 px-4 py-3 transition-opacity ${toneBox[summary.tone]} ${pending ? "opacity-60" : ""}`}
        >
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span
              aria-hidden="true"
              className={`flex size-6 shrink-0 items-center justify-center rounded-full text-sm font-bold text-white ${toneIcon[summary.tone].className}`}
            >
              {toneIcon[summary.tone].glyph}
            </span>
            <h3 className="text-base font-semibold text-zinc-900 dark:text-zinc-50">{summary.heading}</h3>
            {summary.badge && (
              <span className="rounded bg-red-600/10 px-1.5 py-0.5 font-mono text-xs font-medium text-red-800 dark:bg-red-400/15 dark:text-red-200">
                {summary.badge}
              </span>
            )}
            {!pending && action ? (
              <span className="ml-auto">{action}</span>
            ) : pending ? (
              <span className="ml-auto text-xs text-zinc-600 tabular-nums dark:text-zinc-300">Running again… {(elapsedMs / 1000).toFixed(1)} s</span>
            ) : (
              durationMs !== null && (
                <span className="ml-auto text-xs text-zinc-500 tabular-nums dark:text-zinc-400" title="Time your code ran">
                  {formatSeconds(durationMs)}
                </span>
              )
            )}
          </div>
          <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">{summary.sentence}</p>
          {retry && (state.kind === "busy" || state.kind === "rate_limited") ? (
            <RetryNotice kind={state.kind} inMs={retry.inMs} onCancel={retry.onCancel} />
          ) : (
            <Details state={state} onRetry={onRetry} pending={pending} />
          )}
        </section>
      )}
    </div>
  );
});

function summarize(state: Exclude<RunState, { kind: "idle" }>, gaveUp: boolean): Summary {
  const stillHere = "Your code is still here; press Retry to try again.";
  switch (state.kind) {
    case "invalid":
      return { tone: "warning", heading: "Can't run this code", sentence: state.message };
    case "busy":
      return {
        tone: "neutral",
        heading: "Sandbox busy",
        sentence: gaveUp ? `Every sandbox stayed busy for about a minute, so we stopped retrying. ${stillHere}` : state.message,
      };
    case "rate_limited":
      return {
        tone: "neutral",
        heading: "Slow down a little",
        sentence: gaveUp ? `You were still over the limit after a minute, so we stopped retrying. ${stillHere}` : state.message,
      };
    case "unavailable":
      return { tone: "neutral", heading: "Couldn't run your code", sentence: state.message };
    case "error":
      return { tone: "neutral", heading: "Couldn't run your code", sentence: state.message };
  }
  const v = state.verdict;
  switch (v.status) {
    case "passed":
      return {
        tone: "success",
        heading: "Passed",
        sentence: v.tests ? `All ${v.tests.length} tests pass. Well done!` : "Your output matches the expected output. Well done!",
      };
    case "wrong_output":
      return {
        tone: "warning",
        heading: "Not quite",
        sentence: "Your code ran, but its output is different from the expected output.",
      };
    case "compile_error":
      return {
        tone: "error",
        heading: "Compile error",
        badge: v.line ? `line ${v.line}` : undefined,
        sentence: v.line
          ? `Elixir could not compile your code; the problem is on line ${v.line}.`
          : "Elixir could not compile your code.",
      };
    case "runtime_error":
      return {
        tone: "error",
        heading: "Runtime error",
        badge: v.line ? `line ${v.line}` : undefined,
        sentence: v.line
          ? `Your code compiled, but raised an error on line ${v.line} while running.`
          : "Your code compiled, but raised an error while running.",
      };
    case "timeout":
      return {
        tone: "warning",
        heading: "Timed out",
        sentence: `Your program took longer than ${formatSeconds(v.timeoutMs)} and was stopped; look for a loop or recursion that never ends.`,
      };
    case "memory_limit":
      return {
        tone: "warning",
        heading: "Out of memory",
        sentence: "Your program used more than the 256 MB of memory it is allowed and was stopped; look for a list or string that keeps growing.",
      };
    case "output_limit":
      return {
        tone: "warning",
        heading: "Too much output",
        sentence: "Your program printed more than it is allowed and was stopped; look for a print inside a loop that never ends.",
      };
    case "crashed":
      return {
        tone: "error",
        heading: "Crashed",
        sentence: `The Elixir runtime stopped unexpectedly (exit code ${v.exitCode ?? "unknown"}).`,
      };
    case "tests_failed": {
      const failed = v.tests.filter((t) => !t.passed).length;
      return {
        tone: "warning",
        heading: "Not quite",
        sentence:
          v.tests.length === 0
            ? "Your code ran, but the tests could not run against it."
            : `Your code ran, but ${failed} of ${v.tests.length} tests failed; each test's message says what it expected.`,
      };
    }
    case "process_limit":
      return {
        tone: "warning",
        heading: "Too many processes",
        sentence: "Your program started more processes than it is allowed and was stopped; spawn fewer processes or let them finish.",
      };
    case "busy":
      return {
        tone: "neutral",
        heading: "Sandbox busy",
        sentence: "Every sandbox is in use right now; try again in a moment.",
      };
    case "unavailable":
      return {
        tone: "neutral",
        heading: "Couldn't run your code",
        sentence: "Something went wrong on our side, not in your code. Please try again.",
      };
  }
}

function Details({ state, onRetry, pending }: { state: RunState; onRetry?: () => void; pending: boolean }) {
  if (state.kind === "unavailable" || state.kind === "error" || state.kind === "busy" || state.kind === "rate_limited")
    return onRetry ? <RetryButton onRetry={onRetry} pending={pending} /> : null;
  if (state.kind !== "verdict") return null;
  const v: Verdict = state.verdict;
  switch (v.status) {
    case "passed":
      return (
        <>
          {v.tests && <TestList tests={v.tests} />}
          {/* Tests judge a pass, not the output: show output only when there is some. */}
          {(!v.tests || v.stdout !== "") && <OutputBlock label="Output" text={v.stdout} />}
        </>
      );
    case "wrong_output":
      return (
        <>
          <OutputDiff rows={v.diff} note={v.note} />
          {v.truncated && (
            <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">Your output was long, so only its beginning is shown.</p>
          )}
          <div className="mt-3 grid gap-3 sm:grid-cols-2">
            {v.expected !== null && <OutputBlock label="Expected output" text={v.expected} testId="expected" raw />}
            <OutputBlock label="Your output" text={v.actual} testId="actual" raw />
          </div>
        </>
      );
    case "compile_error":
      return <OutputBlock label="Error message" text={v.message} tone="error" />;
    case "runtime_error":
      return (
        <>
          <OutputBlock label="Error message" text={v.message} tone="error" />
          {v.stacktrace.trim() !== "" && <OutputBlock label="Where it happened in your code" text={v.stacktrace} />}
          {v.stdout !== "" && <OutputBlock label="Output before the error" text={v.stdout} />}
        </>
      );
    case "tests_failed":
      return (
        <>
          <TestList tests={v.tests} />
          {v.stdout !== "" && <OutputBlock label="Output" text={v.stdout} />}
        </>
      );
    case "timeout":
    case "memory_limit":
    case "process_limit":
    case "output_limit":
      return v.stdout !== "" ? <OutputBlock label="Output before it was stopped" text={v.stdout} /> : null;
    case "crashed":
      return (
        <>
          {v.stdout !== "" && <OutputBlock label="Output" text={v.stdout} />}
          {v.stderr !== "" && <OutputBlock label="Error output" text={v.stderr} tone="error" />}
        </>
      );
    case "busy":
    case "unavailable":
      return (
        <>
          {v.message && <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{v.message}</p>}
          {onRetry && <RetryButton onRetry={onRetry} pending={pending} />}
        </>
      );
  }
}

function RetryNotice({ kind, inMs, onCancel }: { kind: "busy" | "rate_limited"; inMs: number; onCancel: () => void }) {
  const seconds = Math.max(1, Math.ceil(inMs / 1000));
  return (
    <p data-testid="retry-notice" className="mt-3 flex flex-wrap items-center gap-3 text-sm text-zinc-700 dark:text-zinc-300">
      {/* The countdown is visible but not announced every second. */}
      <span role="status">
        {kind === "busy" ? "Sandbox busy, retrying" : "Retrying"} <span aria-hidden="true">in {seconds} s</span>…
      </span>
      <button
        type="button"
        onClick={onCancel}
        className="min-h-11 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-600 dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-100 dark:hover:bg-zinc-700"
      >
        Cancel
      </button>
    </p>
  );
}

function RetryButton({ onRetry, pending }: { onRetry: () => void; pending: boolean }) {
  return (
    <button
      type="button"
      onClick={onRetry}
      disabled={pending}
      className="mt-3 min-h-11 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-600 disabled:opacity-50 dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-100 dark:hover:bg-zinc-700"
    >
      Retry
    </button>
  );
}

function TestList({ tests }: { tests: TestResult[] }) {
  return (
    <ul aria-label="Tests" className="mt-3 space-y-2">
      {tests.map((t, i) => (
        <li
          key={`${i}-${t.name}`}
          data-testid="test-result"
          data-passed={t.passed}
          className={`rounded-md border px-3 py-2 text-sm ${t.passed ? "border-emerald-300 dark:border-emerald-800" : "border-red-300 bg-white/60 dark:border-red-800 dark:bg-zinc-950/40"}`}
        >
          <span className="flex items-baseline gap-2">
            <span aria-hidden="true" className={t.passed ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}>
              {t.passed ? "✓" : "✗"}
            </span>
            <span className="font-medium">{t.name}</span>
            <span className={`ml-auto text-xs font-semibold ${t.passed ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}>
              {t.passed ? "passed" : "failed"}
            </span>
          </span>
          {!t.passed && t.message && (
            <pre className="mt-1 overflow-auto font-mono text-xs whitespace-pre-wrap text-zinc-800 dark:text-zinc-200">{t.message}</pre>
          )}
          {t.output && (
            <div className="mt-1" data-testid="test-output">
              <span className="text-xs text-zinc-600 dark:text-zinc-400">Printed during this test:</span>
              <pre className="mt-0.5 overflow-auto rounded bg-zinc-100 px-2 py-1 font-mono text-xs whitespace-pre-wrap text-zinc-800 dark:bg-zinc-900 dark:text-zinc-200">{t.output}</pre>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

function OutputBlock({
  label,
  text,
  testId,
  raw = false,
  tone = "plain",
}: {
  label: string;
  text: string;
  testId?: string;
  /** Show the text exactly as it is (for copying and tests), without whitespace markers. */
  raw?: boolean;
  tone?: "plain" | "error";
}) {
  return (
    <figure className="mt-3 min-w-0">
      <figcaption className="mb-1 text-xs font-medium tracking-wide text-zinc-600 uppercase dark:text-zinc-400">{label}</figcaption>
      <pre
        data-testid={testId}
        tabIndex={0}
        aria-label={label}
        className={`max-h-64 overflow-auto rounded-md empty:before:text-zinc-500 empty:before:italic empty:before:content-['(no_output)'] px-3 py-2 font-mono text-[13px] leading-5 whitespace-pre focus-visible:outline-2 focus-visible:outline-violet-600 ${
          tone === "error"
            ? "bg-red-50 text-red-900 dark:bg-red-950/40 dark:text-red-100"
            : "bg-zinc-100 text-zinc-800 dark:bg-zinc-800/70 dark:text-zinc-100"
        }`}
      >
        {text === "" ? null : raw ? text : <VisibleWhitespace text={text} multiline />}
      </pre>
    </figure>
  );
}

const toneBox: Record<Tone, string> = {
  success: "border-emerald-500 bg-emerald-50 dark:bg-emerald-950/30",
  warning: "border-amber-500 bg-amber-50 dark:bg-amber-950/30",
  error: "border-red-500 bg-red-50/70 dark:bg-red-950/30",
  neutral: "border-zinc-400 bg-zinc-50 dark:bg-zinc-900",
};

const toneIcon: Record<Tone, { glyph: string; className: string }> = {
  success: { glyph: "✓", className: "bg-emerald-600" },
  warning: { glyph: "!", className: "bg-amber-500" },
  error: { glyph: "✕", className: "bg-red-600" },
  neutral: { glyph: "?", className: "bg-zinc-500" },
};

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${s >= 10 || Number.isInteger(s) ? s.toFixed(0) : s.toFixed(s < 1 ? 2 : 1)} s`;
}

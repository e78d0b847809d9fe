"use client";
// An example from a lesson (```elixir run) with "Run this". The highlighted code arrives rendered
// on the server; "Edit" (or a click in the code) opens it in a small editor with Run, Reset and
// Format. As written, Run sends only the example's id (the server finds the code in the content);
// once edited, the code goes to `runCode`, under the same limits as an exercise run. A busy or
// rate-limited answer is retried by itself (with a Cancel button), like exercise runs. The actions
// are passed in by the lesson page.
import { useState, type ReactNode } from "react";
import { CodeEditor } from "@/components/editor/code-editor";
import { OUTCOME_LABELS } from "@/components/editor/outcome-labels";
import { useFormat, type FormatAction } from "@/components/editor/use-format";
import { useNow, useRetryingRun } from "@/components/exercise/use-retrying-run";
import { USER_MESSAGES } from "@/lib/errors";
import type { ExampleRunState } from "@/lib/lessons/example-types";

export type RunExample = (exampleId: string) => Promise<ExampleRunState>;
export type RunCode = (code: string) => Promise<ExampleRunState>;

const exampleButton =
  "min-h-11 rounded-md border border-zinc-300 bg-white px-3 py-1 text-sm font-medium text-zinc-700 hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-200";

const IDLE: ExampleRunState = { kind: "idle" };
const NETWORK: ExampleRunState = { kind: "error", message: USER_MESSAGES.offline };

export function RunnableExample({
  exampleId,
  code: original,
  run: runAction,
  runCode,
  format,
  children,
}: {
  exampleId: string;
  /** The example's source; without it (or without runCode) the example is read-only. */
  code?: string;
  run: RunExample;
  runCode?: RunCode;
  format?: FormatAction;
  children?: ReactNode;
}) {
  const { state, phase, gaveUp, start, cancel } = useRetryingRun<ExampleRunState>(IDLE);
  const [editing, setEditing] = useState(false);
  const [code, setCode] = useState(original ?? "");
  const formatter = useFormat(code, setCode, editing ? format : undefined);
  const editable = original !== undefined && runCode !== undefined;
  const edited = editing && code !== original;
  const pending = phase.kind !== "idle";
  const now = useNow(phase.kind === "waiting");
  const run = () => start(() => (edited && runCode ? runCode(code) : runAction(exampleId)).catch(() => NETWORK));
  const notice = state.kind === "busy" || state.kind === "rate_limited" || state.kind === "unavailable" || state.kind === "error" ? state : null;
  const lines = (original ?? "").split("\n").length;

  return (
    <div data-example-id={exampleId} data-editing={editing || undefined} className="not-prose my-6">
      {editing ? (
        <CodeEditor
          value={code}
          onChange={setCode}
          onRun={run}
          onFormat={formatter.format}
          label="Example code"
          name="code"
          height={Math.min(400, Math.max(120, lines * 21 + 48))}
        />
      ) : (
        <div
          className="[&_pre]:m-0 [&_pre]:rounded-t-lg [&_pre]:rounded-b-none [&_pre]:p-4 [&_pre]:text-sm"
          onClick={editable ? () => setEditing(true) : undefined}
        >
          {children}
        </div>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
        className="flex flex-wrap items-center gap-2 rounded-b-lg border border-t-0 border-zinc-300 bg-zinc-50 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900"
      >
        <button
          type="submit"
          disabled={pending}
          className="min-h-11 rounded-md bg-violet-700 px-3 py-1 text-sm font-semibold text-white hover:bg-violet-800 disabled:opacity-60 dark:bg-violet-600"
        >
          {phase.kind === "running" ? "Running…" : phase.kind === "waiting" ? "Waiting…" : "Run this"}
        </button>
        {editable && !editing && (
          <button type="button" onClick={() => setEditing(true)} className={exampleButton}>
            Edit
          </button>
        )}
        {editing && (
          <>
            <button type="button" onClick={() => setCode(original ?? "")} disabled={!edited} className={exampleButton}>
              Reset
            </button>
            {formatter.format && (
              <button type="button" onClick={formatter.format} aria-disabled={formatter.pending || undefined} title="Shift+Alt+F" className={exampleButton}>
                {formatter.pending ? "Formatting…" : "Format"}
              </button>
            )}
          </>
        )}
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          {formatter.message ?? (edited ? "Runs your version in the sandbox." : "Runs this example in the sandbox.")}
        </span>
      </form>
      <div aria-live="polite">
        {state.kind === "invalid" && (
          <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
            {state.message}
          </p>
        )}
        {notice && (
          <div data-testid="example-notice" data-kind={notice.kind} className="mt-2 rounded-lg border border-zinc-300 p-3 text-sm dark:border-zinc-700">
            <p>
              {gaveUp ? "Still busy after a minute, so we stopped retrying; try again later." : notice.message}
            </p>
            {phase.kind === "waiting" ? (
              <p data-testid="retry-notice" className="mt-2 flex items-center gap-3">
                <span role="status">
                  {notice.kind === "busy" ? "Sandbox busy, retrying" : "Retrying"}{" "}
                  <span aria-hidden="true">in {Math.max(1, Math.ceil((phase.at - now) / 1000))} s</span>…
                </span>
                <button type="button" onClick={cancel} className="rounded-md border border-zinc-300 px-2 py-0.5 dark:border-zinc-600">
                  Cancel
                </button>
              </p>
            ) : (
              !pending && (
                <button type="button" onClick={run} className="mt-2 rounded-md border border-zinc-300 px-2 py-0.5 dark:border-zinc-600">
                  Retry
                </button>
              )
            )}
          </div>
        )}
        {state.kind === "result" && (
          <div data-testid="example-output" data-outcome={state.outcome} className="mt-2 rounded-lg border border-zinc-300 p-3 text-sm dark:border-zinc-700">
            <p className="mb-1 font-semibold">
              {OUTCOME_LABELS[state.outcome] ?? state.outcome}
              <span className="ml-2 font-normal text-zinc-500">{state.durationMs} ms</span>
            </p>
            {state.stdout && <pre className="overflow-x-auto whitespace-pre-wrap font-mono text-xs">{state.stdout}</pre>}
            {state.message && <pre className="overflow-x-auto whitespace-pre-wrap font-mono text-xs text-red-700 dark:text-red-300">{state.message}</pre>}
            {state.outcome === "ok" && !state.stdout && <p className="text-xs text-zinc-500">(printed nothing)</p>}
          </div>
        )}
      </div>
    </div>
  );
}

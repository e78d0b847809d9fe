"use client";
// The playground: a free editor (kept in this browser's localStorage), an examples menu drawn from
// the lessons, Run with the full output, Format, and Share, which stores the code under its hash
// and gives a permalink. A shared snippet opens read-only above the editor, with "Copy into my
// editor"; the learner's own code is never replaced without that click.
import { useEffect, useId, useState } from "react";
import { useNow, useRetryingRun } from "@/components/exercise/use-retrying-run";
import { USER_MESSAGES } from "@/lib/errors";
import type { FormatResult } from "@/lib/format/format-code";
import type { ExampleRunState } from "@/lib/lessons/example-types";
import type { ShareResult } from "@/lib/snippets/snippets";
import { CodeEditor } from "./code-editor";
import { OUTCOME_LABELS } from "./outcome-labels";
import { useFormat } from "./use-format";

export type PlaygroundExample = { id: string; label: string; code: string };

type Actions = {
  run: (code: string) => Promise<ExampleRunState>;
  format: (code: string) => Promise<FormatResult>;
  share: (code: string) => Promise<ShareResult>;
};

const STORAGE_KEY = "playground:code";
const START = 'IO.puts("Hello from the playground!")\n';
const IDLE: ExampleRunState = { kind: "idle" };
const OFFLINE: ExampleRunState = { kind: "error", message: USER_MESSAGES.offline };

const button =
  "min-h-11 rounded-md border border-zinc-300 px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-50 disabled:opacity-50 aria-disabled:opacity-60 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800";

export function Playground({ examples, shared, actions }: { examples: PlaygroundExample[]; shared: string | null; actions: Actions }) {
  const [code, setCode] = useState(START);
  const [loaded, setLoaded] = useState(false);
  const { state, phase, start } = useRetryingRun<ExampleRunState>(IDLE);
  const pending = phase.kind !== "idle";
  const now = useNow(pending);
  const formatter = useFormat(code, setCode, actions.format);
  const [share, setShare] = useState<{ url: string } | { error: string } | null>(null);
  const ids = useId();

  // The learner's last playground code, from this browser only.
  useEffect(() => {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage is read after hydration, once
    if (saved !== null) setCode(saved);
    setLoaded(true);
  }, []);
  useEffect(() => {
    if (loaded) window.localStorage.setItem(STORAGE_KEY, code);
  }, [code, loaded]);

  const run = () => start(() => actions.run(code).catch(() => OFFLINE));
  const shareCode = async () => {
    const result = await actions.share(code).catch(() => ({ ok: false as const, message: USER_MESSAGES.offline }));
    setShare(result.ok ? { url: `${window.location.origin}/playground?s=${result.id}` } : { error: result.message });
  };

  return (
    <div className="mt-6">
      {shared !== null && (
        <section data-testid="shared-snippet" aria-labelledby={`${ids}-shared`} className="mb-6 rounded-lg border border-violet-300 p-4 dark:border-violet-800">
          <h2 id={`${ids}-shared`} className="text-sm font-semibold text-zinc-800 dark:text-zinc-200">
            Shared snippet (read-only)
          </h2>
          <pre data-testid="shared-code" className="mt-2 max-h-80 overflow-auto rounded-md bg-zinc-100 px-3 py-2 font-mono text-[13px] dark:bg-zinc-800/70">
            {shared}
          </pre>
          <button type="button" onClick={() => setCode(shared)} className={`mt-3 ${button}`}>
            Copy into my editor
          </button>
        </section>
      )}

      <div className="mb-3 flex flex-wrap items-center gap-2">
        <label htmlFor={`${ids}-examples`} className="text-sm text-zinc-700 dark:text-zinc-300">
          Start from an example
        </label>
        <select
          id={`${ids}-examples`}
          value=""
          onChange={(e) => {
            const example = examples.find((x) => x.id === e.target.value);
            if (example) setCode(example.code);
          }}
          className="min-h-11 max-w-full rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        >
          <option value="">Choose…</option>
          {examples.map((x) => (
            <option key={x.id} value={x.id}>
              {x.label}
            </option>
          ))}
        </select>
      </div>

      <form
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <CodeEditor value={code} onChange={setCode} onRun={run} onFormat={formatter.format} label="Playground code" name="code" height={420} />
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <button
            type="submit"
            aria-disabled={pending}
            className="inline-flex min-h-11 min-w-[7rem] items-center justify-center rounded-md bg-violet-700 px-4 py-2 text-sm font-semibold text-white hover:bg-violet-800 aria-disabled:cursor-wait dark:bg-violet-600"
          >
            {phase.kind === "idle" ? (
              <>
                <span aria-hidden="true">▶</span> Run
              </>
            ) : (
              `Running… ${(Math.max(0, now - phase.startedAt) / 1000).toFixed(1)} s`
            )}
          </button>
          <button type="button" onClick={formatter.format} aria-disabled={formatter.pending || undefined} className={button}>
            {formatter.pending ? "Formatting…" : "Format"}
          </button>
          <button type="button" onClick={shareCode} className={button}>
            Share
          </button>
          {formatter.message && (
            <span role="status" data-testid="format-message" className="text-sm text-red-700 dark:text-red-300">
              {formatter.message}
            </span>
          )}
        </div>
      </form>

      {share && "url" in share && (
        <p className="mt-3 flex flex-wrap items-center gap-2 text-sm">
          <label htmlFor={`${ids}-link`}>Link to this code:</label>
          <input
            id={`${ids}-link`}
            data-testid="share-link"
            readOnly
            value={share.url}
            onFocus={(e) => e.currentTarget.select()}
            className="min-h-11 min-w-0 flex-1 rounded-md border border-zinc-300 bg-zinc-50 px-2 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
          />
          <button type="button" className={button} onClick={() => void navigator.clipboard?.writeText(share.url).catch(() => {})}>
            Copy link
          </button>
        </p>
      )}
      {share && "error" in share && (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-300">
          {share.error}
        </p>
      )}

      <PlaygroundOutput state={state} />
    </div>
  );
}

// The playground runs whole programs: "ok" means the program ran to its end.
const LABELS: Record<string, string> = { ...OUTCOME_LABELS, ok: "Ran to the end" };

function PlaygroundOutput({ state }: { state: ExampleRunState }) {
  if (state.kind === "idle") return null;
  if (state.kind !== "result")
    return (
      <p role="alert" data-testid="playground-notice" className="mt-4 rounded-lg border border-zinc-300 p-3 text-sm dark:border-zinc-700">
        {state.message}
      </p>
    );
  return (
    <section data-testid="playground-output" data-outcome={state.outcome} aria-live="polite" className="mt-4 rounded-lg border border-zinc-300 p-3 text-sm dark:border-zinc-700">
      <p className="font-semibold">
        {LABELS[state.outcome] ?? state.outcome}
        <span className="ml-2 font-normal text-zinc-500">{state.durationMs} ms</span>
      </p>
      {state.message && <pre className="mt-2 overflow-x-auto font-mono text-xs whitespace-pre-wrap text-red-700 dark:text-red-300">{state.message}</pre>}
      <h3 className="mt-2 text-xs font-semibold text-zinc-600 dark:text-zinc-400">Output</h3>
      <pre data-testid="playground-stdout" className="mt-1 max-h-96 overflow-auto font-mono text-xs whitespace-pre-wrap">
        {state.stdout || "(printed nothing)"}
      </pre>
      {state.stderr && (
        <>
          <h3 className="mt-2 text-xs font-semibold text-zinc-600 dark:text-zinc-400">Error output</h3>
          <pre className="mt-1 max-h-64 overflow-auto font-mono text-xs whitespace-pre-wrap text-red-700 dark:text-red-300">{state.stderr}</pre>
        </>
      )}
    </section>
  );
}

// The reference solution next to the learner's code, as a line diff.
import { useMemo } from "react";
import { diffLines } from "@/lib/grading/diff";
import { DiffRows, diffRowStyle } from "./diff-rows";

export function SolutionPanel({ solution, code, onHide }: { solution: string; code: string; onHide: () => void }) {
  const rows = useMemo(() => diffLines(solution, code), [solution, code]);
  const same = rows.every((r) => r.kind === "same");
  return (
    <section aria-label="Reference solution" data-testid="solution" className="mt-4 rounded-lg border border-violet-300 bg-violet-50/60 p-3 dark:border-violet-800 dark:bg-violet-950/30">
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="text-sm font-semibold text-violet-900 dark:text-violet-100">Reference solution</h3>
        <span className="flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          <span aria-hidden="true" className={`rounded px-1 font-mono ${diffRowStyle.expected}`}>−</span> only in the solution
        </span>
        <span className="flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          <span aria-hidden="true" className={`rounded px-1 font-mono ${diffRowStyle.actual}`}>+</span> only in your code
        </span>
        <button
          type="button"
          onClick={onHide}
          className="ml-auto rounded px-2 py-1 text-sm text-violet-800 hover:bg-violet-100 focus-visible:outline-2 focus-visible:outline-violet-600 dark:text-violet-200 dark:hover:bg-violet-900"
        >
          Hide solution
        </button>
      </div>
      {same && <p className="mt-2 text-sm">Your code is the same as the reference solution.</p>}
      <DiffRows
        rows={rows}
        label="Differences between the reference solution and your code"
        srLabel={{ expected: "Only in the solution: ", actual: "Only in your code: " }}
        renderText={(row) => (row.text === "" ? " " : row.text)}
        className="mt-2"
      />
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-violet-800 dark:text-violet-200">The solution on its own</summary>
        <pre data-testid="solution-code" className="mt-1 overflow-auto rounded-md bg-zinc-100 px-3 py-2 font-mono text-[13px] dark:bg-zinc-800/70">
          {solution}
        </pre>
      </details>
    </section>
  );
}

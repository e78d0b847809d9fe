// The reference solution next to the learner's code, as a line diff.
import { useMemo } from "react";
import { diffLines, type DiffRow } from "@/lib/grading/diff";

export function SolutionPanel({ solution, code, onHide }: { solution: string; code: string; onHide: () => void }) {
  const rows = useMemo(() => diffLines(solution, code), [solution, code]);
  const same = rows.every((r) => r.kind === "same");
  return (
    <section aria-label="Reference solution" data-testid="solution" className="mt-4 rounded-lg border border-violet-300 bg-violet-50/60 p-3 dark:border-violet-800 dark:bg-violet-950/30">
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="text-sm font-semibold text-violet-900 dark:text-violet-100">Reference solution</h3>
        <span className="flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          <span aria-hidden="true" className={`rounded px-1 font-mono ${style.expected}`}>−</span> only in the solution
        </span>
        <span className="flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          <span aria-hidden="true" className={`rounded px-1 font-mono ${style.actual}`}>+</span> only in your code
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
      <div
        tabIndex={0}
        role="group"
        aria-label="Differences between the reference solution and your code"
        className="mt-2 max-h-80 overflow-auto rounded-md border border-zinc-200 bg-white font-mono text-[13px] leading-5 focus-visible:outline-2 focus-visible:outline-violet-600 dark:border-zinc-700 dark:bg-zinc-950"
      >
        <div className="w-max min-w-full py-1">
          {rows.map((row, i) => (
            <div key={i} data-kind={row.kind} className={`flex ${style[row.kind]}`}>
              <span aria-hidden="true" className="w-7 shrink-0 text-center select-none">
                {marker[row.kind]}
              </span>
              <span className="sr-only">{srLabel[row.kind]}</span>
              <span className="pr-4 whitespace-pre">{row.text === "" ? " " : row.text}</span>
            </div>
          ))}
        </div>
      </div>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-violet-800 dark:text-violet-200">The solution on its own</summary>
        <pre data-testid="solution-code" className="mt-1 overflow-auto rounded-md bg-zinc-100 px-3 py-2 font-mono text-[13px] dark:bg-zinc-800/70">
          {solution}
        </pre>
      </details>
    </section>
  );
}

const marker: Record<DiffRow["kind"], string> = { same: "", expected: "−", actual: "+" };
const srLabel: Record<DiffRow["kind"], string> = { same: "", expected: "Only in the solution: ", actual: "Only in your code: " };
const style: Record<DiffRow["kind"], string> = {
  same: "text-zinc-700 dark:text-zinc-300",
  expected: "bg-emerald-100 text-emerald-950 dark:bg-emerald-900/40 dark:text-emerald-100",
  actual: "bg-red-100 text-red-950 dark:bg-red-900/40 dark:text-red-100",
};

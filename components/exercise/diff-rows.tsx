// The line diff box shared by the output comparison and the solution panel: one row per line,
// marked − (only on the left side) or + (only on the right), with screen-reader labels.
import type { ReactNode } from "react";
import type { DiffRow } from "@/lib/grading/diff";

const diffMarker: Record<DiffRow["kind"], string> = { same: "", expected: "−", actual: "+" };

export const diffRowStyle: Record<DiffRow["kind"], string> = {
  same: "text-zinc-700 dark:text-zinc-300",
  expected: "bg-emerald-100 text-emerald-950 dark:bg-emerald-900/40 dark:text-emerald-100",
  actual: "bg-red-100 text-red-950 dark:bg-red-900/40 dark:text-red-100",
};

export function DiffRows<R extends { kind: DiffRow["kind"] }>({
  rows,
  label,
  srLabel,
  renderText,
  empty,
  className = "",
}: {
  rows: R[];
  /** The box's accessible name. */
  label: string;
  /** What a screen reader hears before a line that is only on one side. */
  srLabel: Record<"expected" | "actual", string>;
  renderText: (row: R) => ReactNode;
  /** Shown when there are no rows at all. */
  empty?: ReactNode;
  className?: string;
}) {
  return (
    <div
      tabIndex={0}
      role="group"
      aria-label={label}
      className={`max-h-80 overflow-auto rounded-md border border-zinc-200 bg-white font-mono text-[13px] leading-5 focus-visible:outline-2 focus-visible:outline-violet-600 dark:border-zinc-700 dark:bg-zinc-950 ${className}`}
    >
      <div className="w-max min-w-full py-1">
        {rows.map((row, i) => (
          <div key={i} className={`flex ${diffRowStyle[row.kind]}`} data-kind={row.kind}>
            <span aria-hidden="true" className="w-7 shrink-0 text-center select-none">
              {diffMarker[row.kind]}
            </span>
            <span className="sr-only">{row.kind === "same" ? "" : srLabel[row.kind]}</span>
            <span className="pr-4 whitespace-pre">{renderText(row)}</span>
          </div>
        ))}
        {rows.length === 0 && empty}
      </div>
    </div>
  );
}

// Line-by-line comparison of expected and actual output, with trailing whitespace made visible.
// The rows come from the server; expected lines the learner has not earned arrive masked.
import type { ShownDiffRow } from "@/lib/grading/types";
import { DiffRows, diffRowStyle } from "./diff-rows";

export function OutputDiff({ rows, note }: { rows: ShownDiffRow[]; note: string | null }) {
  return (
    <figure className="mt-3">
      <figcaption className="mb-1 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
        <span className="font-medium tracking-wide uppercase">Differences</span>
        <span className="flex items-center gap-1">
          <span aria-hidden="true" className={`rounded px-1 font-mono ${diffRowStyle.expected}`}>−</span>
          expected, missing from yours
        </span>
        <span className="flex items-center gap-1">
          <span aria-hidden="true" className={`rounded px-1 font-mono ${diffRowStyle.actual}`}>+</span>
          in your output, not expected
        </span>
        <span className="flex items-center gap-1">
          <span aria-hidden="true" className="rounded-sm bg-amber-300/50 px-0.5 font-mono text-zinc-600 dark:bg-amber-400/25 dark:text-zinc-300">·</span>
          trailing space
        </span>
      </figcaption>
      <DiffRows
        rows={rows}
        label="Differences between the expected output and your output"
        srLabel={{ expected: "Expected, missing from your output: ", actual: "In your output, not expected: " }}
        renderText={(row) =>
          row.text === null ? (
            <span className="text-zinc-500 italic dark:text-zinc-400" data-testid="masked-line">
              {maskedLine(row.kind === "expected" ? row.chars : 0)}
            </span>
          ) : row.text === "" && row.kind !== "same" ? (
            <span className="text-zinc-400 italic">(empty line)</span>
          ) : (
            <VisibleWhitespace text={row.text} />
          )
        }
        empty={<div className="px-3 text-zinc-500 italic">(both empty)</div>}
      />
      {note && <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">{note}</p>}
    </figure>
  );
}

/** Text with trailing spaces shown as `·`, tabs as `→` and carriage returns as `␍`. */
export function VisibleWhitespace({ text, multiline = false }: { text: string; multiline?: boolean }) {
  if (!multiline) return <VisibleLine line={text} />;
  const lines = text.split("\n");
  return lines.map((line, i) => (
    <span key={i}>
      <VisibleLine line={line} />
      {i < lines.length - 1 ? "\n" : null}
    </span>
  ));
}

function VisibleLine({ line }: { line: string }) {
  const match = /[ \t\r]+$/.exec(line);
  const body = match ? line.slice(0, match.index) : line;
  const trailing = match ? match[0] : "";
  return (
    <>
      {body.split("\t").map((part, i) => (
        <span key={i}>
          {i > 0 && <Ws char={"\t"} />}
          {part}
        </span>
      ))}
      {trailing !== "" && (
        <>
          <span aria-hidden="true" className="rounded-sm bg-amber-300/50 text-zinc-600 dark:bg-amber-400/25 dark:text-zinc-300">
            {[...trailing].map((c) => visible[c] ?? c).join("")}
          </span>
          <span className="sr-only"> ({describeTrailing(trailing)})</span>
        </>
      )}
    </>
  );
}

function Ws({ char }: { char: string }) {
  return (
    <span className="text-zinc-400 dark:text-zinc-500" title="tab">
      {visible[char]}
    </span>
  );
}

function describeTrailing(ws: string): string {
  const spaces = [...ws].filter((c) => c === " ").length;
  const parts = [];
  if (spaces) parts.push(`${spaces} trailing space${spaces === 1 ? "" : "s"}`);
  if (ws.includes("\t")) parts.push("trailing tab");
  if (ws.includes("\r")) parts.push("carriage return");
  return parts.join(", ");
}

function maskedLine(chars: number): string {
  if (chars === 0) return "(an empty line is expected here)";
  return `(a line of ${chars} character${chars === 1 ? "" : "s"} is expected here; it is shown once you solve the exercise or unlock the solution)`;
}

const visible: Record<string, string> = { " ": "·", "\t": "→", "\r": "␍" };

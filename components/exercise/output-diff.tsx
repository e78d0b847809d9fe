// Line-by-line comparison of expected and actual output, with trailing whitespace made visible.
import { useMemo } from "react";
import { diffLines } from "@/lib/grading/diff";
import { DiffRows, diffRowStyle } from "./diff-rows";

export function OutputDiff({ expected, actual }: { expected: string; actual: string }) {
  const rows = useMemo(() => diffLines(expected, actual), [expected, actual]);
  const onlyInvisible = rows.every((row) => row.kind === "same");

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
          row.text === "" && row.kind !== "same" ? <span className="text-zinc-400 italic">(empty line)</span> : <VisibleWhitespace text={row.text} />
        }
        empty={<div className="px-3 text-zinc-500 italic">(both empty)</div>}
      />
      {onlyInvisible && <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">{invisibleNote(expected, actual)}</p>}
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

function invisibleNote(expected: string, actual: string): string {
  const wantNewline = expected.endsWith("\n");
  const haveNewline = actual.endsWith("\n");
  if (wantNewline && !haveNewline) return "The only difference: the expected output ends with a newline and yours does not.";
  if (!wantNewline && haveNewline) return "The only difference: your output ends with a newline that is not expected.";
  return "The outputs differ only in characters that are not visible here.";
}

const visible: Record<string, string> = { " ": "·", "\t": "→", "\r": "␍" };

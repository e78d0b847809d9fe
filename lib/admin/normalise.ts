// Turns a failing submission's message or output into a grouping key, so the same mistake made
// by different learners (different numbers, pids, line numbers, variable names) groups together.
import type { VerdictStatus } from "@/lib/grading/types";

const MAX = 160;

function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function cut(text: string): string {
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}

function scrubTerms(text: string): string {
  return text
    .replace(/#(PID|Reference|Port|Function)<[^>]*>/g, "#$1<…>")
    .replace(/\b0x[0-9a-f]+\b/gi, "N")
    .replace(/\b([\w./-]+\.exs?):\d+(:\d+)?/g, "$1:N")
    .replace(/\bline \d+/gi, "line N")
    .replace(/\b(variable|var) "[^"]*"/g, '$1 "_"')
    .replace(/\d+(\.\d+)?/g, "N");
}

function failingTests(json: string): string {
  try {
    const results = JSON.parse(json) as unknown;
    if (Array.isArray(results)) {
      const names = results
        .filter((r): r is { name: string; passed: boolean } => typeof r === "object" && r !== null && (r as { passed?: unknown }).passed === false)
        .map((r) => String(r.name));
      if (names.length > 0) return `failing: ${names.join(", ")}`;
    }
  } catch {
    // A cut-off JSON array: fall back to the test names that appear in it.
  }
  const names = [...json.matchAll(/"name"\s*:\s*"((?:[^"\\]|\\.)*)"\s*,\s*"passed"\s*:\s*false/g)].map((m) => m[1]);
  return names.length > 0 ? `failing: ${names.join(", ")}` : "tests failed";
}

/** The normalised text of one failure, for grouping and display. */
export function normaliseFailure(verdict: VerdictStatus | string, text: string | null | undefined): string {
  const raw = text ?? "";
  switch (verdict) {
    case "wrong_output": {
      const out = squash(raw.replace(/\d+(\.\d+)?/g, "N"));
      return out ? cut(`output: ${out}`) : "output: (nothing printed)";
    }
    case "tests_failed":
      return cut(scrubTerms(failingTests(raw)));
    case "compile_error":
    case "runtime_error": {
      const firstLine = raw.split("\n").map((l) => l.trim()).find((l) => l.length > 0) ?? "";
      const scrubbed = scrubTerms(firstLine).replace(/"(?:[^"\\]|\\.)*"/g, (m) => (m === '"_"' ? m : '"…"'));
      return cut(squash(scrubbed)) || "(no message)";
    }
    default:
      return "";
  }
}

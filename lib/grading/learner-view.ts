// What a learner may see of a verdict. A wrong-output verdict carries the line diff against the
// expected output; until the learner has earned the answer (a pass, or the solution unlocked by
// failed attempts, lib/exercises/unlock.ts) the expected lines the learner's output lacks are
// masked, showing only that a line is missing and how long it is, and the expected text itself
// is left out. Lines the learner printed themselves are always shown.
import type { Verdict } from "./types";

export function forLearner(verdict: Verdict, answerEarned: boolean): Verdict {
  if (verdict.status !== "wrong_output" || answerEarned) return verdict;
  return {
    ...verdict,
    expected: null,
    diff: verdict.diff.map((row) => (row.kind === "expected" ? { kind: "expected", text: null, chars: [...(row.text ?? "")].length } : row)),
  };
}

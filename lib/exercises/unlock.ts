// When the reference solution becomes available to a learner: after a pass, or after enough
// failed attempts that seeing it teaches more than guessing again.
export const FAILED_ATTEMPTS_FOR_SOLUTION = 3;

export function solutionUnlocked(standing: { solved: boolean; failedAttempts: number }): boolean {
  return standing.solved || standing.failedAttempts >= FAILED_ATTEMPTS_FOR_SOLUTION;
}

/** Parses Exercise.hints (a JSON array of Markdown strings); anything else counts as no hints. */
export function parseHints(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((h): h is string => typeof h === "string" && h.trim() !== "") : [];
  } catch {
    return [];
  }
}

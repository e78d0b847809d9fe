import { describe, expect, it } from "vitest";
import { FAILED_ATTEMPTS_FOR_SOLUTION, parseHints, solutionUnlocked } from "./unlock";

describe("solutionUnlocked", () => {
  it("stays locked before a pass and before enough failed attempts", () => {
    expect(solutionUnlocked({ solved: false, failedAttempts: 0 })).toBe(false);
    expect(solutionUnlocked({ solved: false, failedAttempts: FAILED_ATTEMPTS_FOR_SOLUTION - 1 })).toBe(false);
  });

  it("unlocks after a pass, or after the given number of failed attempts", () => {
    expect(solutionUnlocked({ solved: true, failedAttempts: 0 })).toBe(true);
    expect(FAILED_ATTEMPTS_FOR_SOLUTION).toBe(3);
    expect(solutionUnlocked({ solved: false, failedAttempts: 3 })).toBe(true);
    expect(solutionUnlocked({ solved: false, failedAttempts: 7 })).toBe(true);
  });
});

describe("parseHints", () => {
  it("reads a JSON array of Markdown strings, dropping blanks and non-strings", () => {
    expect(parseHints('["Use `IO.puts/1`.", "", 3, "Mind the comma."]')).toEqual(["Use `IO.puts/1`.", "Mind the comma."]);
  });

  it("treats anything else as no hints", () => {
    expect(parseHints("")).toEqual([]);
    expect(parseHints("{}")).toEqual([]);
    expect(parseHints("not json")).toEqual([]);
  });
});

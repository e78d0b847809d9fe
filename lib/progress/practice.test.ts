import { describe, expect, it } from "vitest";
import { conceptCounts, filterPractice, parsePracticeFilter, practiceHref, type PracticeItem } from "./practice";

const item = (slug: string, difficulty: number, concepts: PracticeItem["concepts"]): PracticeItem => ({
  slug,
  title: slug,
  summary: "",
  difficulty,
  concepts,
  minutes: 10,
  prerequisites: [],
  exerciseId: `practice-${slug}`,
  solved: false,
});
const items = [item("leap", 1, ["control-flow"]), item("anagram", 2, ["strings", "enum"]), item("acronym", 2, ["strings", "regex"]), item("primes", 4, ["enum", "streams"])];

describe("parsePracticeFilter", () => {
  it("reads a known concept and a difficulty of 1 to 5", () => {
    expect(parsePracticeFilter({ concept: "strings", difficulty: "2" })).toEqual({ concept: "strings", difficulty: 2 });
  });

  it("ignores unknown concepts, difficulties out of range and repeated params", () => {
    expect(parsePracticeFilter({ concept: "monads", difficulty: "6" })).toEqual({ concept: null, difficulty: null });
    expect(parsePracticeFilter({ concept: ["strings", "enum"], difficulty: "2.5" })).toEqual({ concept: null, difficulty: null });
    expect(parsePracticeFilter({})).toEqual({ concept: null, difficulty: null });
  });
});

describe("filterPractice", () => {
  it("keeps the exercises tagged with the concept and of the difficulty, both at once", () => {
    expect(filterPractice(items, { concept: "strings", difficulty: null }).map((i) => i.slug)).toEqual(["anagram", "acronym"]);
    expect(filterPractice(items, { concept: null, difficulty: 2 }).map((i) => i.slug)).toEqual(["anagram", "acronym"]);
    expect(filterPractice(items, { concept: "enum", difficulty: 2 }).map((i) => i.slug)).toEqual(["anagram"]);
    expect(filterPractice(items, { concept: "ets", difficulty: null })).toEqual([]);
    expect(filterPractice(items, { concept: null, difficulty: null })).toHaveLength(4);
  });
});

describe("conceptCounts and practiceHref", () => {
  it("counts the concepts in use, in the course's concept order", () => {
    expect(conceptCounts(items)).toEqual([
      { concept: "strings", count: 2 },
      { concept: "control-flow", count: 1 },
      { concept: "enum", count: 2 },
      { concept: "streams", count: 1 },
      { concept: "regex", count: 1 },
    ]);
  });

  it("builds the filter's URL", () => {
    expect(practiceHref({ concept: null, difficulty: null })).toBe("/practice");
    expect(practiceHref({ concept: "enum", difficulty: 3 })).toBe("/practice?concept=enum&difficulty=3");
  });
});

import { describe, expect, it } from "vitest";
import { parseSlugs, percent, summarize } from "./course";

const lessons = [
  { slug: "one", title: "One", summary: "", minutes: 10, exercises: [{ id: "a", title: "A" }, { id: "b", title: "B" }] },
  { slug: "empty", title: "Empty", summary: "", minutes: 5, exercises: [] },
  { slug: "two", title: "Two", summary: "", minutes: 15, exercises: [{ id: "c", title: "C" }] },
];

describe("summarize", () => {
  it("counts solved exercises per lesson and for the course, and points at the first unsolved one", () => {
    const course = summarize(lessons, new Set(["a"]));
    expect(course.lessons.map((l) => [l.slug, l.solved, l.exercises.length])).toEqual([["one", 1, 2], ["empty", 0, 0], ["two", 0, 1]]);
    expect([course.solved, course.total]).toEqual([1, 3]);
    expect(course.next).toEqual({ lessonSlug: "one", lessonTitle: "One", exerciseId: "b", exerciseTitle: "B" });
  });

  it("skips solved lessons for the next exercise and has none when all are solved", () => {
    expect(summarize(lessons, new Set(["a", "b"])).next?.exerciseId).toBe("c");
    expect(summarize(lessons, new Set(["a", "b", "c"])).next).toBeNull();
  });
});

describe("percent", () => {
  it("rounds and treats an empty lesson as 0", () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(0, 0)).toBe(0);
    expect(percent(2, 2)).toBe(100);
  });
});

describe("summarize by part", () => {
  const rows = [
    { slug: "hello", title: "Hello", summary: "", minutes: 10, part: "basics", prerequisites: [], exercises: [{ id: "a", title: "A" }] },
    { slug: "maps", title: "Maps", summary: "", minutes: 20, part: "data-and-functions", prerequisites: ["hello", "draft-only"], exercises: [{ id: "b", title: "B" }, { id: "c", title: "C" }] },
    { slug: "genserver", title: "GenServer", summary: "", minutes: 30, part: "otp", prerequisites: ["maps"], exercises: [{ id: "d", title: "D" }] },
  ];
  const pages = [{ slug: "basics", title: "Part one", summary: "From nothing." }];

  it("puts every lesson in its part, the four parts in course order, with solved/total and minutes per part", () => {
    const course = summarize(rows, new Set(["b", "d"]), pages);
    expect(course.parts.map((p) => [p.slug, p.lessons.map((l) => l.slug), p.solved, p.total, p.minutes])).toEqual([
      ["basics", ["hello"], 0, 1, 10],
      ["data-and-functions", ["maps"], 1, 2, 20],
      ["abstractions", [], 0, 0, 0],
      ["otp", ["genserver"], 1, 1, 30],
    ]);
  });

  it("takes a part's title and summary from its page, and falls back to a plain title without one", () => {
    const [basics, data] = summarize(rows, new Set(), pages).parts;
    expect(basics).toMatchObject({ title: "Part one", summary: "From nothing.", hasPage: true });
    expect(data).toMatchObject({ title: "Data and functions", summary: null, hasPage: false });
  });

  it("links prerequisites by title and leaves out those that are not published", () => {
    const course = summarize(rows, new Set(), pages);
    expect(course.lessons.find((l) => l.slug === "maps")?.prerequisites).toEqual([{ slug: "hello", title: "Hello" }]);
  });
});

describe("parseSlugs", () => {
  it("reads a JSON array of slugs and treats anything else as none", () => {
    expect(parseSlugs('["a","b"]')).toEqual(["a", "b"]);
    expect(parseSlugs("nope")).toEqual([]);
    expect(parseSlugs('{"a":1}')).toEqual([]);
  });
});

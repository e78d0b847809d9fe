import { describe, expect, it } from "vitest";
import { percent, summarize } from "./course";

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

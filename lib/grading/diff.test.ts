import { describe, expect, it } from "vitest";
import { diffLines, splitLines, type DiffRow } from "./diff";

const same = (text: string): DiffRow => ({ kind: "same", text });
const exp = (text: string): DiffRow => ({ kind: "expected", text });
const act = (text: string): DiffRow => ({ kind: "actual", text });

describe("splitLines", () => {
  it("treats a final newline as the end of the last line", () => {
    expect(splitLines("a\nb\n")).toEqual(["a", "b"]);
    expect(splitLines("a\nb")).toEqual(["a", "b"]);
  });

  it("keeps blank lines in the middle and at the end", () => {
    expect(splitLines("a\n\nb\n\n")).toEqual(["a", "", "b", ""]);
    expect(splitLines("\n")).toEqual([""]);
    expect(splitLines("")).toEqual([]);
  });
});

describe("diffLines", () => {
  it("marks every line the same when outputs match", () => {
    expect(diffLines("1\n2\n3\n", "1\n2\n3\n")).toEqual([same("1"), same("2"), same("3")]);
  });

  it("handles empty outputs on either side", () => {
    expect(diffLines("", "")).toEqual([]);
    expect(diffLines("a\n", "")).toEqual([exp("a")]);
    expect(diffLines("", "a\nb\n")).toEqual([act("a"), act("b")]);
  });

  it("shows a missing line and an extra line in place", () => {
    expect(diffLines("a\nb\nc\n", "a\nc\n")).toEqual([same("a"), exp("b"), same("c")]);
    expect(diffLines("a\nc\n", "a\nb\nc\n")).toEqual([same("a"), act("b"), same("c")]);
  });

  it("shows a changed line as expected then actual", () => {
    expect(diffLines("Hello, World!\n", "Hello World\n")).toEqual([exp("Hello, World!"), act("Hello World")]);
  });

  it("treats trailing whitespace as a difference", () => {
    expect(diffLines("x\n", "x  \n")).toEqual([exp("x"), act("x  ")]);
  });

  it("groups a changed stretch with all expected lines before the actual ones", () => {
    expect(diffLines("a\n1\n2\n3\nz\n", "a\nx\n2\ny\nz\n")).toEqual([
      same("a"),
      exp("1"),
      act("x"),
      same("2"),
      exp("3"),
      act("y"),
      same("z"),
    ]);
    expect(diffLines("p\nq\nr\n", "s\nt\n")).toEqual([exp("p"), exp("q"), exp("r"), act("s"), act("t")]);
  });

  it("finds the longest common subsequence, not just a common prefix and suffix", () => {
    const rows = diffLines("a\nb\nc\nd\ne\n", "b\nx\nd\ne\nf\n");
    expect(rows.filter((r) => r.kind === "same").map((r) => r.text)).toEqual(["b", "d", "e"]);
    expect(rows.filter((r) => r.kind !== "actual").map((r) => r.text)).toEqual(["a", "b", "c", "d", "e"]);
    expect(rows.filter((r) => r.kind !== "expected").map((r) => r.text)).toEqual(["b", "x", "d", "e", "f"]);
  });

  it("does not distinguish a missing final newline (the caller reports that)", () => {
    expect(diffLines("a\nb\n", "a\nb")).toEqual([same("a"), same("b")]);
  });

  it("keeps carriage returns so CRLF output shows as different", () => {
    expect(diffLines("a\n", "a\r\n")).toEqual([exp("a"), act("a\r")]);
  });

  it("falls back to one replaced block when the table would be too large", () => {
    const rows = diffLines("top\na\nb\nc\nend\n", "top\nb\nc\nd\nend\n", 4);
    expect(rows).toEqual([same("top"), exp("a"), exp("b"), exp("c"), act("b"), act("c"), act("d"), same("end")]);
  });

  it("diffs a few hundred lines exactly and quickly", () => {
    const lines = (n: number, change: (i: number) => boolean) =>
      Array.from({ length: n }, (_, i) => (change(i) ? `LINE ${i}` : `line ${i}`)).join("\n");
    const started = performance.now();
    const rows = diffLines(lines(900, () => false), lines(900, (i) => i % 7 === 0));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(rows.filter((r) => r.kind === "same")).toHaveLength(900 - 129);
    expect(rows.filter((r) => r.kind === "expected")).toHaveLength(129);
    expect(rows.filter((r) => r.kind === "actual")).toHaveLength(129);
  });

  it("caps the work on huge outputs", () => {
    const big = (prefix: string) => Array.from({ length: 20_000 }, (_, i) => `${prefix} ${i}`).join("\n");
    const started = performance.now();
    const rows = diffLines(big("a"), big("b"));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(rows).toHaveLength(40_000);
    expect(rows[0]).toEqual(exp("a 0"));
    expect(rows[20_000]).toEqual(act("b 0"));
  });
});

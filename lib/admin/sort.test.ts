import { describe, expect, it } from "vitest";
import { parseSort, sortRows } from "./sort";

const table = {
  columns: [{ label: "Name", format: "text" as const }, { label: "Count", format: "int" as const }],
  rows: [["b", 2], ["a10", null], ["a2", 10], ["C", 1]],
};

describe("sortRows", () => {
  it("sorts numbers numerically, text naturally and case-blind, empty cells last in both directions", () => {
    expect(sortRows(table, { column: 1, descending: false }).map((r) => r[0])).toEqual(["C", "b", "a2", "a10"]);
    expect(sortRows(table, { column: 1, descending: true }).map((r) => r[0])).toEqual(["a2", "b", "C", "a10"]);
    expect(sortRows(table, { column: 0, descending: false }).map((r) => r[0])).toEqual(["a2", "a10", "b", "C"]);
    expect(sortRows(table, null)).toBe(table.rows);
  });

  it("reads the column from the URL and refuses what is not one", () => {
    expect(parseSort("-1", 2)).toEqual({ column: 1, descending: true });
    expect(parseSort(["0"], 2)).toEqual({ column: 0, descending: false });
    expect(parseSort("2", 2)).toBeNull();
    expect(parseSort("x", 2)).toBeNull();
    expect(parseSort(undefined, 2)).toBeNull();
  });
});

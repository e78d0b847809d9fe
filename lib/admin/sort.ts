// Sorting a dashboard table by one column, chosen in the URL (`?<param>=3` ascending, `=-3`
// descending: the column's index), so a sorted table can be linked and reloaded.
import type { Cell } from "./csv";
import type { Table } from "./tables";

export interface SortState {
  column: number;
  descending: boolean;
}

export function parseSort(value: string | string[] | undefined, columns: number): SortState | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !/^-?\d{1,3}$/.test(raw)) return null;
  const column = Math.abs(Number(raw));
  if (column >= columns) return null;
  return { column, descending: raw.startsWith("-") };
}

function compare(a: Cell, b: Cell): number {
  const empty = (v: Cell) => v === null || v === undefined || v === "";
  if (empty(a) || empty(b)) return empty(a) === empty(b) ? 0 : empty(a) ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), "en", { numeric: true, sensitivity: "base" });
}

/** The rows in the chosen order (stable; empty cells last either way). */
export function sortRows(table: Table, sort: SortState | null): Cell[][] {
  if (!sort) return table.rows;
  const sign = sort.descending ? -1 : 1;
  return table.rows
    .map((row, index) => ({ row, index }))
    .sort((x, y) => {
      const a = x.row[sort.column];
      const b = y.row[sort.column];
      const emptyA = a === null || a === undefined || a === "";
      const emptyB = b === null || b === undefined || b === "";
      if (emptyA !== emptyB) return emptyA ? 1 : -1;
      return sign * compare(a ?? null, b ?? null) || x.index - y.index;
    })
    .map((x) => x.row);
}

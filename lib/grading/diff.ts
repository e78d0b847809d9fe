// Line diff between an exercise's expected output and the learner's output (LCS, pure, capped).

export type DiffRow = { kind: "same" | "expected" | "actual"; text: string };

/** Above this many LCS table cells the changed middle is shown as one replaced block. */
const MAX_DIFF_CELLS = 1_000_000;

/** Splits output into lines; a final newline ends the last line rather than starting an empty one. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * Rows in display order: unchanged lines, and within each changed stretch the expected
 * lines (missing from the learner's output) before the actual ones (not expected).
 */
export function diffLines(expected: string, actual: string, maxCells = MAX_DIFF_CELLS): DiffRow[] {
  const a = splitLines(expected);
  const b = splitLines(actual);

  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }

  const rows: DiffRow[] = a.slice(0, start).map((text) => ({ kind: "same", text }));
  rows.push(...groupChanges(diffMiddle(a.slice(start, endA), b.slice(start, endB), maxCells)));
  rows.push(...a.slice(endA).map((text): DiffRow => ({ kind: "same", text })));
  return rows;
}

function diffMiddle(a: string[], b: string[], maxCells: number): DiffRow[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > maxCells) {
    return [
      ...a.map((text): DiffRow => ({ kind: "expected", text })),
      ...b.map((text): DiffRow => ({ kind: "actual", text })),
    ];
  }

  // lcs[i * (m + 1) + j] = length of the longest common subsequence of a[i..] and b[j..].
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }

  const rows: DiffRow[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const x = a[i] as string;
    const y = b[j] as string;
    if (x === y) {
      rows.push({ kind: "same", text: x });
      i++;
      j++;
    } else if ((lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0)) {
      rows.push({ kind: "expected", text: x });
      i++;
    } else {
      rows.push({ kind: "actual", text: y });
      j++;
    }
  }
  for (; i < n; i++) rows.push({ kind: "expected", text: a[i] as string });
  for (; j < m; j++) rows.push({ kind: "actual", text: b[j] as string });
  return rows;
}

/** Reorders each run of changed rows so its expected lines come first, like a unified diff. */
function groupChanges(rows: DiffRow[]): DiffRow[] {
  const out: DiffRow[] = [];
  let expected: DiffRow[] = [];
  let actual: DiffRow[] = [];
  const flush = () => {
    out.push(...expected, ...actual);
    expected = [];
    actual = [];
  };
  for (const row of rows) {
    if (row.kind === "same") {
      flush();
      out.push(row);
    } else if (row.kind === "expected") {
      expected.push(row);
    } else {
      actual.push(row);
    }
  }
  flush();
  return out;
}

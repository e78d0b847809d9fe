// Renders one dashboard table (lib/admin/tables.ts) with a link to the same rows as CSV, and
// column headers that sort it through the URL when `sort` is given (lib/admin/sort.ts).
import Link from "next/link";
import type { Cell } from "@/lib/admin/csv";
import { parseSort, sortRows } from "@/lib/admin/sort";
import type { Format, Table } from "@/lib/admin/tables";

/** Where a sortable table lives: its page, the page's query, and the query key holding its order. */
interface SortLink {
  path: string;
  query: Record<string, string | string[] | undefined>;
  param: string;
}

function sortHref({ path, query, param }: SortLink, value: string): string {
  const params = new URLSearchParams();
  for (const [key, v] of Object.entries(query)) {
    if (key === param || v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) params.append(key, one);
  }
  params.set(param, value);
  return `${path}?${params.toString()}`;
}

function formatSeconds(secs: number): string {
  if (secs < 60) return `${Math.round(secs)} s`;
  if (secs < 3600) return `${Math.round(secs / 60)} min`;
  if (secs < 86_400) return `${(secs / 3600).toFixed(1)} h`;
  return `${(secs / 86_400).toFixed(1)} d`;
}

function render(value: Cell, format: Format) {
  if (value === null || value === undefined || value === "") return <span className="text-zinc-400">—</span>;
  switch (format) {
    case "int":
      return Number(value).toLocaleString("en-US");
    case "pct":
      return `${Number(value).toFixed(1)}%`;
    case "num":
      return Number.isInteger(Number(value)) ? String(value) : Number(value).toFixed(1);
    case "secs":
      return formatSeconds(Number(value));
    case "time":
      return String(value).replace("T", " ").slice(0, 19);
    case "exercise":
      return (
        <Link href={`/admin/exercises/${encodeURIComponent(String(value))}`} className="font-mono text-xs text-violet-700 hover:underline dark:text-violet-300">
          {String(value)}
        </Link>
      );
    case "submission":
      return (
        <Link href={`/admin/submissions/${encodeURIComponent(String(value))}`} className="text-violet-700 hover:underline dark:text-violet-300">
          open
        </Link>
      );
    case "learner":
      return (
        <Link href={`/admin/submissions?learner=${encodeURIComponent(String(value))}`} className="font-mono text-xs text-violet-700 hover:underline dark:text-violet-300">
          {String(value).slice(0, 13)}
        </Link>
      );
    default:
      return String(value);
  }
}

const numeric = new Set<Format>(["int", "pct", "num", "secs"]);

export function DataTable({ table, title, exportHref, testId, empty = "No data for these filters.", sort }: { table: Table; title: string; exportHref?: string; testId: string; empty?: string; sort?: SortLink }) {
  const order = sort ? parseSort(sort.query[sort.param], table.columns.length) : null;
  const rows = sortRows(table, order);
  return (
    <section className="mt-8" data-testid={testId}>
      <div className="flex items-baseline justify-between gap-4">
        <h2 className="text-lg font-semibold">{title}</h2>
        {exportHref && (
          <a href={exportHref} download className="text-sm text-violet-700 hover:underline dark:text-violet-300">
            Export CSV
          </a>
        )}
      </div>
      {table.rows.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-500">{empty}</p>
      ) : (
        <div className="mt-2 overflow-x-auto rounded border border-zinc-200 dark:border-zinc-800">
          <table className="min-w-full text-sm">
            <thead className="bg-zinc-50 dark:bg-zinc-900">
              <tr>
                {table.columns.map((c, j) => {
                  const current = order?.column === j ? (order.descending ? "descending" : "ascending") : undefined;
                  return (
                    <th key={c.label} scope="col" aria-sort={current} className={`px-2 py-1.5 font-medium ${numeric.has(c.format) ? "text-right" : "text-left"}`}>
                      {sort ? (
                        <Link href={sortHref(sort, current === "ascending" ? `-${j}` : String(j))} className="hover:underline" data-testid={`sort-${j}`}>
                          {c.label}
                          <span aria-hidden="true">{current === "ascending" ? " ▲" : current === "descending" ? " ▼" : ""}</span>
                        </Link>
                      ) : (
                        c.label
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={i} className="border-t border-zinc-100 dark:border-zinc-800">
                  {table.columns.map((c, j) => (
                    <td key={c.label} className={`px-2 py-1 ${numeric.has(c.format) ? "text-right tabular-nums whitespace-nowrap" : "max-w-md break-words"}`}>
                      {render(row[j], c.format)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// CSV export of one dashboard table, with the same filters as the page it is linked from.
import { requireAdminRoute } from "@/lib/admin/auth";
import { csvLine } from "@/lib/admin/csv";
import { parseFilters } from "@/lib/admin/filters";
import { TABLES, type TableName, tableForExport } from "@/lib/admin/tables";

export async function GET(request: Request, { params }: { params: Promise<{ table: string }> }): Promise<Response> {
  const { denied } = await requireAdminRoute();
  if (denied) return denied;

  const { table } = await params;
  if (!(TABLES as readonly string[]).includes(table)) return new Response(`Unknown table "${table.slice(0, 40)}"`, { status: 404 });
  const url = new URL(request.url);
  const { filters, problems } = parseFilters(Object.fromEntries(url.searchParams));
  if (problems.length > 0) return new Response(`Bad filter: ${problems.join("; ")}`, { status: 400 });

  const name = table as TableName;
  const encoder = new TextEncoder();
  const tables = tableForExport(name, filters);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await tables.next();
        if (next.done) return controller.close();
        const { columns, rows } = next.value;
        let chunk = headerWritten ? "" : csvLine(columns.map((c) => c.label));
        headerWritten = true;
        for (const row of rows) chunk += csvLine(row);
        controller.enqueue(encoder.encode(chunk));
      } catch (error) {
        controller.error(error);
      }
    },
  });
  let headerWritten = false;
  const range = [filters.from ?? "start", filters.to ?? "now"].join("_to_");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="elixir-lessons-${name}-${range}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

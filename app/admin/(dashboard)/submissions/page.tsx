import Link from "next/link";
import { DataTable } from "@/components/admin/data-table";
import { FilterBar } from "@/components/admin/filter-bar";
import { requireAdminPage } from "@/lib/admin/auth";
import { filterQuery, parseFilters, type SearchParams } from "@/lib/admin/filters";
import { getFilterOptions, listSubmissions } from "@/lib/admin/stats/submissions";
import { SUBMISSION_COLUMNS, submissionRows } from "@/lib/admin/tables";

export default async function AdminSubmissionsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdminPage();
  const { filters, problems } = parseFilters(await searchParams);
  const [{ rows, total, pages }, options] = await Promise.all([listSubmissions(filters, filters.page), getFilterOptions()]);
  const page = Math.min(filters.page, pages);
  const link = (p: number) => `/admin/submissions${filterQuery(filters, { page: p > 1 ? p : undefined })}`;
  return (
    <main>
      <h1 className="mt-6 text-2xl font-bold">Submissions</h1>
      <FilterBar path="/admin/submissions" filters={filters} fields={["date", "lesson", "exercise", "verdict", "learner"]} options={options} problems={problems} />
      <p className="mt-4 text-sm" data-testid="submission-count">
        {total.toLocaleString("en-US")} submission{total === 1 ? "" : "s"}, newest first (all outcomes, busy and unavailable included).
      </p>
      <DataTable title={`Page ${page} of ${pages}`} table={{ columns: SUBMISSION_COLUMNS, rows: submissionRows(rows) }}
        exportHref={`/admin/export/submissions${filterQuery(filters)}`} testId="table-submissions" empty="No submissions match these filters." />
      <nav aria-label="Pages" className="mt-3 flex gap-4 text-sm">
        {page > 1 && <Link href={link(page - 1)} className="text-violet-700 hover:underline dark:text-violet-300">← newer</Link>}
        {page < pages && <Link href={link(page + 1)} className="text-violet-700 hover:underline dark:text-violet-300">older →</Link>}
      </nav>
    </main>
  );
}

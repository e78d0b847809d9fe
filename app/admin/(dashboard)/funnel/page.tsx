import { FunnelChart } from "@/components/admin/charts";
import { DataTable } from "@/components/admin/data-table";
import { FilterBar } from "@/components/admin/filter-bar";
import { requireAdminPage } from "@/lib/admin/auth";
import { filterQuery, parseFilters, type SearchParams } from "@/lib/admin/filters";
import { getFunnel } from "@/lib/admin/stats/funnel";
import { getFilterOptions } from "@/lib/admin/stats/submissions";
import { funnelTable } from "@/lib/admin/tables";

export default async function AdminFunnelPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdminPage();
  const { filters, problems } = parseFilters(await searchParams);
  const scope = { from: filters.from, to: filters.to };
  const [funnel, options] = await Promise.all([getFunnel(scope), getFilterOptions()]);
  return (
    <main>
      <h1 className="mt-6 text-2xl font-bold">Course funnel</h1>
      <FilterBar path="/admin/funnel" filters={filters} fields={["date"]} options={options} problems={problems} />
      <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
        A learner started a lesson with their first counted attempt at any of its exercises, and finished it by passing every current exercise in it.
      </p>
      <FunnelChart data={funnel} />
      <DataTable title="Funnel (table)" table={funnelTable(funnel)} exportHref={`/admin/export/funnel${filterQuery(scope)}`} testId="table-funnel" />
    </main>
  );
}

import { FunnelChart } from "@/components/admin/charts";
import { DataTable } from "@/components/admin/data-table";
import { FilterBar } from "@/components/admin/filter-bar";
import { HiddenToggle } from "@/components/admin/hidden-toggle";
import { requireAdminPage } from "@/lib/admin/auth";
import { filterQuery, parseFilters, type SearchParams } from "@/lib/admin/filters";
import { getFunnel } from "@/lib/admin/stats/funnel";
import { getFilterOptions } from "@/lib/admin/stats/submissions";
import { funnelTable } from "@/lib/admin/tables";
import { getHidden, visibleLessons, visibleOptions } from "@/lib/admin/visibility";

export default async function AdminFunnelPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdminPage();
  const query = await searchParams;
  const { filters, problems } = parseFilters(query);
  const scope = { from: filters.from, to: filters.to };
  const [allFunnel, allOptions, hidden] = await Promise.all([getFunnel(scope), getFilterOptions(), getHidden(query)]);
  const funnel = visibleLessons(allFunnel, hidden);
  const options = visibleOptions(allOptions, hidden);
  return (
    <main>
      <h1 className="mt-6 text-2xl font-bold">Course funnel</h1>
      <FilterBar path="/admin/funnel" filters={filters} fields={["date"]} options={options} problems={problems} />
      <HiddenToggle path="/admin/funnel" params={query} hidden={hidden} />
      <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
        A learner started a lesson with their first counted attempt at any of its exercises, and finished it by passing every current exercise in it.
      </p>
      <FunnelChart data={funnel} />
      <DataTable title="Funnel (table)" table={funnelTable(funnel)} exportHref={`/admin/export/funnel${filterQuery(scope)}`} testId="table-funnel" />
    </main>
  );
}

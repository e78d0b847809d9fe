import { DataTable } from "@/components/admin/data-table";
import { FilterBar } from "@/components/admin/filter-bar";
import { HiddenToggle } from "@/components/admin/hidden-toggle";
import { requireAdminPage } from "@/lib/admin/auth";
import { filterQuery, parseFilters, type SearchParams } from "@/lib/admin/filters";
import { getCommonErrors } from "@/lib/admin/stats/errors";
import { getFilterOptions } from "@/lib/admin/stats/submissions";
import { errorsTable } from "@/lib/admin/tables";
import { getHidden, visibleOptions } from "@/lib/admin/visibility";

export default async function AdminErrorsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdminPage();
  const query = await searchParams;
  const { filters, problems } = parseFilters(query);
  const scope = { from: filters.from, to: filters.to, lesson: filters.lesson, exercise: filters.exercise, verdict: filters.verdict };
  const [{ exercises: all, truncated }, allOptions, hidden] = await Promise.all([getCommonErrors(scope), getFilterOptions(), getHidden(query)]);
  const exercises = hidden.shown ? all : all.filter((e) => !hidden.exerciseIds.has(e.exerciseId));
  const options = visibleOptions(allOptions, hidden);
  return (
    <main>
      <h1 className="mt-6 text-2xl font-bold">Common errors</h1>
      <FilterBar path="/admin/errors" filters={filters} fields={["date", "lesson", "exercise", "verdict"]} options={options} problems={problems} />
      <HiddenToggle path="/admin/errors" params={query} hidden={hidden} />
      <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
        Failing attempts grouped by their first error line or their output, with numbers, process ids, references, line numbers and variable names normalised.
        The eight largest groups per exercise; &ldquo;open&rdquo; shows one example.{" "}
        <a href={`/admin/export/errors${filterQuery(scope)}`} download className="text-violet-700 hover:underline dark:text-violet-300">Export CSV of all exercises</a>
      </p>
      {truncated && <p role="status" className="mt-2 text-sm text-amber-700">Very many distinct messages: only the largest groups were read. Narrow the filters for exact counts.</p>}
      {exercises.length === 0 && <p className="mt-6 text-sm text-zinc-500">No failing attempts for these filters.</p>}
      {exercises.map((e) => (
        <DataTable key={e.exerciseId} testId={`errors-${e.exerciseId}`} title={`${e.title} — ${e.failures.toLocaleString("en-US")} failing attempt${e.failures === 1 ? "" : "s"}`} table={errorsTable([e])}
          exportHref={`/admin/export/errors${filterQuery({ ...scope, exercise: e.exerciseId })}`} />
      ))}
    </main>
  );
}

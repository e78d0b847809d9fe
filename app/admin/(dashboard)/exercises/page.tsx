import { OutcomeChart } from "@/components/admin/charts";
import { DataTable } from "@/components/admin/data-table";
import { FilterBar } from "@/components/admin/filter-bar";
import { requireAdminPage } from "@/lib/admin/auth";
import { filterQuery, parseFilters, type SearchParams, VERDICT_LABELS, VERDICTS } from "@/lib/admin/filters";
import { getLessonTable } from "@/lib/admin/stats/lessons";
import { getFilterOptions } from "@/lib/admin/stats/submissions";
import { exercisesTable, lessonsTable } from "@/lib/admin/tables";

export default async function AdminExercisesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdminPage();
  const { filters, problems } = parseFilters(await searchParams);
  const scope = { from: filters.from, to: filters.to, lesson: filters.lesson, exercise: filters.exercise };
  const [lessons, options] = await Promise.all([getLessonTable(scope), getFilterOptions()]);
  const q = filterQuery(scope);
  const outcomes = VERDICTS.filter((v) => v !== "busy" && v !== "unavailable");
  const chart = lessons.flatMap((l) =>
    l.exercises.filter((e) => e.attempts > 0).map((e) => ({
      name: e.title,
      ...Object.fromEntries(outcomes.map((v) => [VERDICT_LABELS[v], Math.round(((e.verdicts[v] ?? 0) / e.attempts) * 1000) / 10])),
    })),
  );
  return (
    <main>
      <h1 className="mt-6 text-2xl font-bold">Lessons and exercises</h1>
      <FilterBar path="/admin/exercises" filters={filters} fields={["date", "lesson", "exercise"]} options={options} problems={problems} />
      <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
        Medians are over learners who passed: attempts up to and including their first pass, and time from their first attempt to it (both within the date range).
        Hint and solution figures count learners and reveals in the range.
      </p>
      <DataTable title="Per lesson" table={lessonsTable(lessons)} exportHref={`/admin/export/lessons${q}`} testId="table-lessons" />
      <DataTable title="Per exercise" table={exercisesTable(lessons)} exportHref={`/admin/export/exercises${q}`} testId="table-exercises" />
      {chart.length > 0 && (
        <>
          <h2 className="mt-8 text-lg font-semibold">Share of each outcome per exercise</h2>
          <p className="text-sm text-zinc-500">The same percentages are in the per-exercise table above.</p>
          <div style={{ height: Math.max(256, chart.length * 36) }}>
            <OutcomeChart data={chart} outcomes={outcomes.map((v) => VERDICT_LABELS[v])} />
          </div>
        </>
      )}
    </main>
  );
}

import { OutcomeChart } from "@/components/admin/charts";
import { DataTable } from "@/components/admin/data-table";
import { FilterBar } from "@/components/admin/filter-bar";
import { HiddenToggle } from "@/components/admin/hidden-toggle";
import { requireAdminPage } from "@/lib/admin/auth";
import { filterQuery, parseFilters, type SearchParams, VERDICT_LABELS, VERDICTS } from "@/lib/admin/filters";
import { getLessonTable } from "@/lib/admin/stats/lessons";
import { getFilterOptions } from "@/lib/admin/stats/submissions";
import { exercisesTable, lessonsTable } from "@/lib/admin/tables";
import { getHidden, visibleExercises, visibleLessons, visibleOptions } from "@/lib/admin/visibility";

export default async function AdminExercisesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdminPage();
  const query = await searchParams;
  const { filters, problems } = parseFilters(query);
  const scope = { from: filters.from, to: filters.to, lesson: filters.lesson, exercise: filters.exercise };
  const [allLessons, allOptions, hidden] = await Promise.all([getLessonTable(scope), getFilterOptions(), getHidden(query)]);
  const lessons = visibleLessons(allLessons, hidden).map((l) => ({ ...l, exercises: visibleExercises(l.exercises, hidden) }));
  const options = visibleOptions(allOptions, hidden);
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
      <HiddenToggle path="/admin/exercises" params={query} hidden={hidden} />
      <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
        Medians are over learners who passed: attempts up to and including their first pass, and time from their first attempt to it (both within the date range).
        Hint and solution figures count learners and reveals in the range. Click a column to sort by it; an exercise&apos;s details (every outcome, the learners stuck on it) are behind its id.
      </p>
      <DataTable title="Per lesson" table={lessonsTable(lessons)} exportHref={`/admin/export/lessons${q}`} testId="table-lessons" sort={{ path: "/admin/exercises", query, param: "lessons-sort" }} />
      <DataTable title="Per exercise" table={exercisesTable(lessons)} exportHref={`/admin/export/exercises${q}`} testId="table-exercises" sort={{ path: "/admin/exercises", query, param: "exercises-sort" }} />
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

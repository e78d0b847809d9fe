import { DailyChart, HoursChart } from "@/components/admin/charts";
import { DataTable } from "@/components/admin/data-table";
import { FilterBar } from "@/components/admin/filter-bar";
import { requireAdminPage } from "@/lib/admin/auth";
import { filterQuery, parseFilters, type SearchParams } from "@/lib/admin/filters";
import { getBusiestHours, getOverview, getSubmissionsPerDay } from "@/lib/admin/stats/overview";
import { getFilterOptions } from "@/lib/admin/stats/submissions";
import { dailyTable, hoursTable } from "@/lib/admin/tables";

function Figure({ label, value, note, testId }: { label: string; value: string; note?: string; testId: string }) {
  return (
    <div className="rounded border border-zinc-200 p-3 dark:border-zinc-800" data-testid={testId}>
      <div className="text-xs text-zinc-500">{label}</div>
      <div className="text-2xl font-semibold tabular-nums" data-testid={`${testId}-value`}>{value}</div>
      {note && <div className="text-xs text-zinc-500">{note}</div>}
    </div>
  );
}

export default async function AdminOverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdminPage();
  const { filters, problems } = parseFilters(await searchParams);
  const scope = { from: filters.from, to: filters.to, lesson: filters.lesson, exercise: filters.exercise };
  const [overview, days, hours, options] = await Promise.all([getOverview(scope), getSubmissionsPerDay(scope), getBusiestHours(scope), getFilterOptions()]);
  const q = filterQuery(scope);
  const int = (n: number) => n.toLocaleString("en-US");
  return (
    <main>
      <h1 className="mt-6 text-2xl font-bold">Overview</h1>
      <FilterBar path="/admin" filters={filters} fields={["date", "lesson", "exercise"]} options={options} problems={problems} />
      <div className="mt-6 grid grid-cols-2 gap-3 md:grid-cols-5">
        <Figure label="Active learners" value={int(overview.activeLearners)} note="made at least one attempt" testId="figure-learners" />
        <Figure label="New learners" value={int(overview.newLearners)} note="first seen in this range" testId="figure-new-learners" />
        <Figure label="Attempts" value={int(overview.attempts)} note={`${int(overview.notCounted)} busy/unavailable not counted`} testId="figure-attempts" />
        <Figure label="Pass rate" value={overview.passRate === null ? "—" : `${(overview.passRate * 100).toFixed(1)}%`} note={`${int(overview.passes)} passing attempts`} testId="figure-pass-rate" />
        <Figure label="Learners who passed something" value={int(overview.learnersWhoPassed)} testId="figure-solvers" />
      </div>
      <h2 className="mt-8 text-lg font-semibold">Submissions per day</h2>
      <DailyChart data={days} />
      <DataTable title="Submissions per day (table)" table={dailyTable(days)} exportHref={`/admin/export/daily${q}`} testId="table-daily" />
      <h2 className="mt-8 text-lg font-semibold">Busiest hours (UTC)</h2>
      <HoursChart data={hours} />
      <DataTable title="Busiest hours (table)" table={hoursTable(hours)} exportHref={`/admin/export/hours${q}`} testId="table-hours" />
    </main>
  );
}

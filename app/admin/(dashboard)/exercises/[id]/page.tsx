import Link from "next/link";
import { notFound } from "next/navigation";
import { DataTable } from "@/components/admin/data-table";
import { requireAdminPage } from "@/lib/admin/auth";
import type { SearchParams } from "@/lib/admin/filters";
import { getLessonTable } from "@/lib/admin/stats/lessons";
import { getExerciseSummary, getStuckLearners } from "@/lib/admin/stuck";
import { verdictLabel, verdictMessage } from "@/lib/admin/submission-view";
import { outcomesTable, type Table } from "@/lib/admin/tables";

export default async function AdminExercisePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  await requireAdminPage();
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const exercise = await getExerciseSummary(id);
  if (!exercise) notFound();
  const [stuck, lessons] = await Promise.all([getStuckLearners(id), getLessonTable({ exercise: id })]);
  const stats = lessons.flatMap((l) => l.exercises).find((e) => e.id === id);
  const stuckTable: Table = {
    columns: [
      { label: "Learner", format: "learner" }, { label: "Failed attempts", format: "int" }, { label: "At it for", format: "secs" },
      { label: "Latest attempt (UTC)", format: "time" }, { label: "Latest verdict", format: "text" }, { label: "What they saw", format: "text" },
      { label: "Latest code (first line)", format: "text" }, { label: "Latest submission", format: "submission" },
    ],
    rows: stuck.map((s) => [
      s.learnerId, s.failedAttempts, s.secondsAtIt, s.lastAttemptAt.toISOString(), verdictLabel(s.latest.verdict),
      verdictMessage(s.latest.verdict, s.latest.message).slice(0, 160), s.latest.firstLine, s.latest.id,
    ]),
  };
  const path = `/admin/exercises/${encodeURIComponent(id)}`;
  return (
    <main>
      <p className="mt-6 text-sm">
        <Link href="/admin/exercises" className="text-violet-700 hover:underline dark:text-violet-300">← lessons and exercises</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{exercise.title}{exercise.archived ? " (archived)" : ""}</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        {exercise.lessonTitle} · <span className="font-mono">{exercise.id}</span> · {exercise.attempts.toLocaleString("en-US")} attempt{exercise.attempts === 1 ? "" : "s"} by{" "}
        {exercise.learners.toLocaleString("en-US")} learner{exercise.learners === 1 ? "" : "s"}, {exercise.learnersPassed.toLocaleString("en-US")} passed ·{" "}
        <Link href={`/admin/submissions?exercise=${encodeURIComponent(id)}`} className="text-violet-700 hover:underline dark:text-violet-300">all submissions</Link>
      </p>
      <DataTable
        title={`Stuck learners: ${stuck.length} with failed attempts and no pass${stuck.length === 50 ? " (the 50 with the most failures)" : ""}`}
        table={stuckTable}
        testId="table-stuck"
        empty="Nobody is stuck: every learner who tried has passed."
        sort={{ path, query, param: "sort" }}
      />
      {stats && <DataTable title="Outcomes" table={outcomesTable(stats)} testId="table-outcomes" empty="No submissions yet." />}
    </main>
  );
}

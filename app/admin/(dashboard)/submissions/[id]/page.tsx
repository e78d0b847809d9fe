import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdminPage } from "@/lib/admin/auth";
import { VERDICT_LABELS } from "@/lib/admin/filters";
import { getSubmission } from "@/lib/admin/stats/submissions";
import type { VerdictStatus } from "@/lib/grading/types";

function Block({ title, text, testId }: { title: string; text: string | null; testId: string }) {
  if (!text) return null;
  return (
    <section className="mt-6">
      <h2 className="text-sm font-semibold">{title}</h2>
      <pre data-testid={testId} className="mt-1 max-h-[32rem] overflow-auto rounded bg-zinc-100 p-3 text-sm whitespace-pre-wrap dark:bg-zinc-900">{text}</pre>
    </section>
  );
}

export default async function AdminSubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage();
  const { id } = await params;
  const s = await getSubmission(id);
  if (!s) notFound();
  let tests: { name: string; passed: boolean; message: string | null }[] = [];
  try {
    tests = s.testResults ? (JSON.parse(s.testResults) as typeof tests) : [];
  } catch {
    tests = [];
  }
  return (
    <main>
      <p className="mt-6 text-sm">
        <Link href={`/admin/submissions?exercise=${encodeURIComponent(s.exercise.id)}`} className="text-violet-700 hover:underline dark:text-violet-300">← submissions of this exercise</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{s.exercise.title}</h1>
      <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-zinc-500">Verdict</dt>
        <dd data-testid="verdict" className={s.passed ? "text-green-700" : "text-red-700"}>{VERDICT_LABELS[s.verdict as VerdictStatus] ?? s.verdict} (sandbox: {s.outcome})</dd>
        <dt className="text-zinc-500">Lesson</dt>
        <dd>{s.exercise.lesson.title}</dd>
        <dt className="text-zinc-500">Learner</dt>
        <dd><Link href={`/admin/submissions?learner=${encodeURIComponent(s.learnerId)}`} className="font-mono text-violet-700 hover:underline dark:text-violet-300">{s.learner.username ?? s.learnerId}</Link></dd>
        <dt className="text-zinc-500">Time (UTC)</dt>
        <dd>{s.createdAt.toISOString().replace("T", " ").slice(0, 19)}</dd>
        <dt className="text-zinc-500">Run time</dt>
        <dd>{s.durationMs} ms{s.truncated ? " · output truncated" : ""}{s.exitCode !== null ? ` · exit code ${s.exitCode}` : ""}</dd>
        {s.errorLine !== null && (<><dt className="text-zinc-500">Error line</dt><dd>{s.errorLine}</dd></>)}
      </dl>
      <Block title="Code" text={s.code} testId="code" />
      <Block title="Message" text={s.message} testId="message" />
      <Block title="Output (stdout)" text={s.stdout} testId="stdout" />
      <Block title="Errors (stderr)" text={s.stderr} testId="stderr" />
      {tests.length > 0 && (
        <section className="mt-6">
          <h2 className="text-sm font-semibold">Tests</h2>
          <ul className="mt-1 text-sm">
            {tests.map((t, i) => (
              <li key={i} className={t.passed ? "text-green-700" : "text-red-700"}>{t.passed ? "✓" : "✗"} {t.name}{t.message ? ` — ${t.message}` : ""}</li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}

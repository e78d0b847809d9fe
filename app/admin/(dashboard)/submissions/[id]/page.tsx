import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdminPage } from "@/lib/admin/auth";
import { getSubmissionView } from "@/lib/admin/submission-view";

function Block({ title, text, testId }: { title: string; text: string; testId: string }) {
  if (!text) return null;
  return (
    <section className="mt-6">
      <h2 className="text-sm font-semibold">{title}</h2>
      <pre data-testid={testId} className="mt-1 max-h-[32rem] overflow-auto rounded bg-zinc-100 p-3 text-sm whitespace-pre-wrap dark:bg-zinc-900">{text}</pre>
    </section>
  );
}

/** The code with line numbers, the error's line marked as the learner's editor marked it. */
function Code({ code, errorLine }: { code: string; errorLine: number | null }) {
  return (
    <section className="mt-6">
      <h2 className="text-sm font-semibold">Code</h2>
      <pre data-testid="code" className="mt-1 max-h-[32rem] overflow-auto rounded bg-zinc-100 py-3 text-sm dark:bg-zinc-900">
        {code.split("\n").map((line, i) => (
          <div key={i} data-error-line={errorLine === i + 1 ? "" : undefined} className={errorLine === i + 1 ? "bg-red-100 dark:bg-red-950" : undefined}>
            <span className="inline-block w-10 pr-3 text-right text-zinc-400 select-none">{i + 1}</span>
            {line}
          </div>
        ))}
      </pre>
    </section>
  );
}

export default async function AdminSubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage();
  const { id } = await params;
  const s = await getSubmissionView(id);
  if (!s) notFound();
  return (
    <main>
      <p className="mt-6 flex flex-wrap gap-x-4 text-sm">
        <Link href={`/admin/exercises/${encodeURIComponent(s.exercise.id)}`} className="text-violet-700 hover:underline dark:text-violet-300">← stuck learners on this exercise</Link>
        <Link href={`/admin/submissions?exercise=${encodeURIComponent(s.exercise.id)}`} className="text-violet-700 hover:underline dark:text-violet-300">submissions of this exercise</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{s.exercise.title}</h1>
      <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-zinc-500">Verdict</dt>
        <dd data-testid="verdict" className={s.passed ? "text-green-700" : "text-red-700"}>{s.verdictLabel} (sandbox: {s.outcome})</dd>
        <dt className="text-zinc-500">Lesson</dt>
        <dd>{s.exercise.lessonTitle}</dd>
        <dt className="text-zinc-500">Learner</dt>
        <dd><Link href={`/admin/submissions?learner=${encodeURIComponent(s.learnerId)}`} className="font-mono text-violet-700 hover:underline dark:text-violet-300">{s.learnerName ?? s.learnerId}</Link></dd>
        <dt className="text-zinc-500">Time (UTC)</dt>
        <dd>{s.createdAt.toISOString().replace("T", " ").slice(0, 19)}</dd>
        <dt className="text-zinc-500">Run time</dt>
        <dd>{s.durationMs} ms{s.truncated ? " · output truncated" : ""}{s.exitCode !== null ? ` · exit code ${s.exitCode}` : ""}</dd>
      </dl>
      <section className="mt-6" aria-label="What the learner saw">
        <h2 className="text-sm font-semibold">What the learner saw</h2>
        <p data-testid="message" className="mt-1 text-sm whitespace-pre-wrap">
          {s.errorLine !== null && <span data-testid="error-line" className="font-semibold">Line {s.errorLine}: </span>}
          {s.message}
        </p>
      </section>
      {s.diff && (
        <section className="mt-6">
          <h2 className="text-sm font-semibold">Diff: expected (−) against the learner&apos;s output (+)</h2>
          <pre data-testid="diff" className="mt-1 max-h-[32rem] overflow-auto rounded bg-zinc-100 p-3 text-sm dark:bg-zinc-900">
            {s.diff.map((row, i) => (
              <div key={i} data-kind={row.kind} className={row.kind === "expected" ? "bg-red-100 dark:bg-red-950" : row.kind === "actual" ? "bg-green-100 dark:bg-green-950" : undefined}>
                {row.kind === "expected" ? "− " : row.kind === "actual" ? "+ " : "  "}
                {row.text}
              </div>
            ))}
          </pre>
        </section>
      )}
      {s.tests.length > 0 && (
        <section className="mt-6">
          <h2 className="text-sm font-semibold">Tests</h2>
          <ul data-testid="tests" className="mt-1 space-y-1 text-sm">
            {s.tests.map((t, i) => (
              <li key={i} className={t.passed ? "text-green-700" : "text-red-700"}>
                {t.passed ? "✓" : "✗"} {t.name}
                {t.message && <pre className="mt-0.5 ml-4 whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">{t.message}</pre>}
              </li>
            ))}
          </ul>
        </section>
      )}
      <Code code={s.code} errorLine={s.errorLine} />
      <Block title="Output (stdout)" text={s.stdout} testId="stdout" />
      <Block title="Errors (stderr)" text={s.stderr} testId="stderr" />
    </main>
  );
}

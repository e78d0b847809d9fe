import Link from "next/link";
import { connection } from "next/server";
import { listLessons } from "@/lib/exercises/queries";

export default async function HomePage() {
  await connection(); // the list comes from the database at request time
  const lessons = await listLessons();
  return (
    <main className="mx-auto w-full max-w-3xl px-4 py-10">
      <h1 className="text-3xl font-bold tracking-tight">Learn Elixir by writing it</h1>
      <p className="mt-3 text-zinc-600 dark:text-zinc-400">
        Short lessons with exercises you solve right in the page. Your code runs in a sandbox and you get a verdict in a moment.
      </p>
      <ol className="mt-8 space-y-3">
        {lessons.map((lesson, index) => (
          <li key={lesson.slug}>
            <Link
              href={`/lessons/${lesson.slug}`}
              className="block rounded-lg border border-zinc-200 p-4 transition hover:border-violet-400 hover:bg-violet-50 dark:border-zinc-800 dark:hover:border-violet-500 dark:hover:bg-zinc-900"
            >
              <span className="text-sm text-zinc-500">Lesson {index + 1}</span>
              <span className="block text-lg font-semibold">{lesson.title}</span>
              <span className="block text-sm text-zinc-600 dark:text-zinc-400">{lesson.summary}</span>
              <span className="mt-1 block text-xs text-zinc-500">
                {lesson.exercises} exercise{lesson.exercises === 1 ? "" : "s"}
              </span>
            </Link>
          </li>
        ))}
      </ol>
      {lessons.length === 0 && (
        <p className="mt-8 rounded border border-amber-400 p-4 text-sm">
          No lessons in the database yet. Run <code>npm run content:sync</code>.
        </p>
      )}
    </main>
  );
}

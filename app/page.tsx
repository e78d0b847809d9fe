import Link from "next/link";
import { ProgressBar } from "@/components/ui/progress-bar";
import { currentLearnerId } from "@/lib/auth/learner";
import { getCourseProgress, percent } from "@/lib/progress/course";

export default async function CoursePage() {
  const course = await getCourseProgress(await currentLearnerId());
  const totalMinutes = course.lessons.reduce((n, l) => n + l.minutes, 0);
  return (
    <main className="mx-auto w-full max-w-3xl px-4 py-10">
      <h1 className="text-3xl font-bold tracking-tight">Learn Elixir by writing it</h1>
      <p className="mt-3 text-zinc-600 dark:text-zinc-400">
        Short lessons with exercises you solve right in the page. Your code runs in a sandbox and you get a verdict in a moment.
      </p>

      {course.lessons.length > 0 && (
        <section aria-label="Your progress" className="mt-8 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800">
          <div className="flex flex-wrap items-baseline gap-x-3">
            <h2 className="font-semibold">Your progress</h2>
            <span data-testid="course-progress" className="text-sm text-zinc-600 tabular-nums dark:text-zinc-400">
              {course.solved} of {course.total} exercises solved ({percent(course.solved, course.total)}%) · about {totalMinutes} min in all
            </span>
          </div>
          <ProgressBar value={course.solved} max={course.total} label="Course progress" className="mt-2" />
          {course.next ? (
            <p className="mt-4 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
              <Link
                href={`/lessons/${course.next.lessonSlug}#${course.next.exerciseId}`}
                data-testid="next-exercise"
                className="inline-flex items-center gap-2 rounded-md bg-violet-700 px-4 py-2 font-semibold text-white hover:bg-violet-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-600 dark:bg-violet-600 dark:hover:bg-violet-500"
              >
                {course.solved === 0 ? "Start" : "Continue"}: {course.next.exerciseTitle}
                <span aria-hidden="true">→</span>
              </Link>
              <span>in {course.next.lessonTitle}</span>
            </p>
          ) : (
            course.total > 0 && <p className="mt-3 text-sm font-medium text-emerald-700 dark:text-emerald-300">You have solved every exercise. 🎉</p>
          )}
        </section>
      )}

      <ol className="mt-8 space-y-3">
        {course.lessons.map((lesson, index) => {
          const done = lesson.exercises.length > 0 && lesson.solved === lesson.exercises.length;
          return (
            <li key={lesson.slug} data-testid="lesson" data-slug={lesson.slug}>
              <Link
                href={`/lessons/${lesson.slug}`}
                className="block rounded-lg border border-zinc-200 p-4 transition hover:border-violet-400 hover:bg-violet-50 focus-visible:outline-2 focus-visible:outline-violet-600 dark:border-zinc-800 dark:hover:border-violet-500 dark:hover:bg-zinc-900"
              >
                <span className="flex items-center gap-2 text-sm text-zinc-500">
                  Lesson {index + 1} · {lesson.minutes} min
                  {done && (
                    <span className="rounded-full bg-emerald-100 px-2 text-xs font-semibold text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200">
                      <span aria-hidden="true">✓ </span>Complete
                    </span>
                  )}
                </span>
                <span className="block text-lg font-semibold">{lesson.title}</span>
                <span className="block text-sm text-zinc-600 dark:text-zinc-400">{lesson.summary}</span>
                {lesson.exercises.length > 0 ? (
                  <span className="mt-2 flex items-center gap-3">
                    <ProgressBar value={lesson.solved} max={lesson.exercises.length} label={`${lesson.title} progress`} className="flex-1" />
                    <span data-testid="lesson-progress" className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
                      {lesson.solved}/{lesson.exercises.length} solved
                    </span>
                  </span>
                ) : (
                  <span className="mt-1 block text-xs text-zinc-500">Reading only</span>
                )}
              </Link>
            </li>
          );
        })}
      </ol>
      {course.lessons.length === 0 && (
        <p className="mt-8 rounded border border-amber-400 p-4 text-sm">
          No lessons in the database yet. Run <code>npm run content:sync</code>.
        </p>
      )}
    </main>
  );
}

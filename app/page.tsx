import Link from "next/link";
import { CourseMap } from "@/components/course/course-map";
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
        Short lessons with exercises you solve right in the page, in four parts: from your first line of Elixir to a supervised OTP
        application. Your code runs in a sandbox and you get a verdict in a moment.
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

      <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400">
        Finished a part, or want more to do? The{" "}
        <Link href="/practice" data-testid="practice-map-link" className="font-medium text-violet-700 hover:underline dark:text-violet-300">
          practice exercises
        </Link>{" "}
        go on from the lessons, sorted by concept and difficulty.
      </p>

      {course.lessons.length > 0 && <CourseMap parts={course.parts} />}
      {course.lessons.length === 0 && (
        <p className="mt-8 rounded border border-amber-400 p-4 text-sm">
          No lessons in the database yet. Run <code>npm run content:sync</code>.
        </p>
      )}
    </main>
  );
}

// The course map on the home page: the four parts in order, each with its summary, a link to its
// introduction page and the learner's progress in it, then its lessons with their minutes,
// prerequisites (linked) and progress. Server-rendered; works without client JavaScript.
import Link from "next/link";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { LessonProgress, PartProgress } from "@/lib/progress/course";
import { LessonLinks, link } from "./lesson-links";

export function CourseMap({ parts }: { parts: PartProgress[] }) {
  // Lessons are numbered across the whole course, as the lesson pages follow one another.
  let number = 0;
  return (
    <ol className="mt-10 space-y-10" aria-label="Course map">
      {parts.map((part, partIndex) => (
        <li key={part.slug} data-testid="part" data-part={part.slug} aria-labelledby={`part-${part.slug}`}>
          <section>
            <p className="text-xs font-semibold tracking-wide text-violet-700 uppercase dark:text-violet-300">Part {partIndex + 1}</p>
            <h2 id={`part-${part.slug}`} className="text-2xl font-bold tracking-tight">
              {part.title}
            </h2>
            {part.summary && <p className="mt-1 text-zinc-600 dark:text-zinc-400">{part.summary}</p>}
            <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
              {part.hasPage && (
                <Link href={`/parts/${part.slug}`} data-testid="part-intro" className={link}>
                  Introduction to this part →
                </Link>
              )}
              {part.lessons.length > 0 && (
                <span data-testid="part-progress" className="text-zinc-600 tabular-nums dark:text-zinc-400">
                  {part.solved}/{part.total} exercises solved · {part.lessons.length} lesson{part.lessons.length === 1 ? "" : "s"} · about {part.minutes} min
                </span>
              )}
            </div>
            {part.total > 0 && <ProgressBar value={part.solved} max={part.total} label={`${part.title} progress`} className="mt-2" />}
            {part.lessons.length > 0 ? (
              <ol className="mt-4 space-y-3">
                {part.lessons.map((lesson) => (
                  <LessonCard key={lesson.slug} lesson={lesson} number={++number} />
                ))}
              </ol>
            ) : (
              <p className="mt-4 text-sm text-zinc-500">The lessons of this part are being written.</p>
            )}
          </section>
        </li>
      ))}
    </ol>
  );
}

function LessonCard({ lesson, number }: { lesson: LessonProgress; number: number }) {
  const done = lesson.exercises.length > 0 && lesson.solved === lesson.exercises.length;
  return (
    <li
      data-testid="lesson"
      data-slug={lesson.slug}
      className="relative rounded-lg border border-zinc-200 p-4 transition focus-within:border-violet-400 hover:border-violet-400 hover:bg-violet-50 dark:border-zinc-800 dark:hover:border-violet-500 dark:hover:bg-zinc-900"
    >
      <span className="flex items-center gap-2 text-sm text-zinc-500">
        Lesson {number} · <span data-testid="lesson-minutes">{lesson.minutes} min</span>
        {done && (
          <span className="rounded-full bg-emerald-100 px-2 text-xs font-semibold text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200">
            <span aria-hidden="true">✓ </span>Complete
          </span>
        )}
      </span>
      <Link href={`/lessons/${lesson.slug}`} className="block text-lg font-semibold focus-visible:outline-2 focus-visible:outline-violet-600">
        {lesson.title}
      </Link>
      <span className="block text-sm text-zinc-600 dark:text-zinc-400">{lesson.summary}</span>
      <LessonLinks label="Read first:" lessons={lesson.prerequisites} className="mt-1" testId="lesson-prerequisites" />
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
    </li>
  );
}

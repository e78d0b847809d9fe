"use client";
// A lesson's exercises and which are solved, shared by the "x of N solved" box at the top of the
// page and the exercises below it: a pass marks its exercise at once, with no page reload, and
// tells the learner where to go next (the next exercise, or the next lesson after the last one).
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

export type LessonExerciseLink = { id: string; title: string };
export type NextLesson = { slug: string; title: string } | null;

type Progress = {
  exercises: LessonExerciseLink[];
  solved: ReadonlySet<string>;
  nextLesson: NextLesson;
  markSolved: (id: string) => void;
};

const ProgressContext = createContext<Progress | null>(null);

export function LessonProgressProvider({
  exercises,
  initialSolved,
  nextLesson,
  children,
}: {
  exercises: LessonExerciseLink[];
  initialSolved: string[];
  nextLesson: NextLesson;
  children: ReactNode;
}) {
  const [solved, setSolved] = useState<ReadonlySet<string>>(() => new Set(initialSolved));
  const markSolved = useCallback((id: string) => setSolved((now) => (now.has(id) ? now : new Set([...now, id]))), []);
  const value = useMemo(() => ({ exercises, solved, nextLesson, markSolved }), [exercises, solved, nextLesson, markSolved]);
  return <ProgressContext.Provider value={value}>{children}</ProgressContext.Provider>;
}

export function useLessonProgress(): Progress | null {
  return useContext(ProgressContext);
}

/** The box at the top of a lesson: "Exercises · x of N solved" and a link to each. */
export function ExerciseSummary() {
  const progress = useLessonProgress();
  if (!progress || progress.exercises.length === 0) return null;
  const { exercises, solved } = progress;
  const count = exercises.filter((e) => solved.has(e.id)).length;
  return (
    <nav aria-label="Exercises in this lesson" className="mb-6 rounded-lg border border-zinc-200 px-4 py-3 text-sm dark:border-zinc-800">
      <p data-testid="solved-count" className="font-medium text-zinc-700 dark:text-zinc-300">
        Exercises · {count} of {exercises.length} solved
      </p>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {exercises.map((e) => (
          <li key={e.id}>
            <a href={`#${e.id}`} className="text-violet-700 hover:underline dark:text-violet-300">
              {/* Fixed box: the two glyphs come from different fonts, and a pass must move nothing. */}
              <span aria-hidden="true" className="inline-block w-4 leading-none">
                {solved.has(e.id) ? "✓" : "○"}
              </span>
              {e.title}
              {solved.has(e.id) && <span className="sr-only"> (solved)</span>}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Where to go after passing exercise `id`: the next exercise in the lesson, else the next lesson. */
export function NextStep({ id }: { id: string }) {
  const progress = useLessonProgress();
  if (!progress) return null;
  const index = progress.exercises.findIndex((e) => e.id === id);
  const next = index >= 0 ? progress.exercises[index + 1] : undefined;
  // In the result's heading row: as tall as the heading on a desktop (no layout shift), a 44 px
  // touch target on a phone.
  const link =
    "inline-flex min-h-11 items-center gap-1 rounded-md px-2 text-sm font-semibold text-emerald-800 underline underline-offset-2 hover:bg-emerald-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-600 sm:min-h-0 sm:px-1 sm:text-xs dark:text-emerald-200 dark:hover:bg-emerald-900/40";
  if (next)
    return (
      <a data-testid="next-step" href={`#${next.id}`} className={link}>
        Next exercise: {next.title} <span aria-hidden="true">→</span>
      </a>
    );
  if (progress.nextLesson)
    return (
      <a data-testid="next-step" href={`/lessons/${progress.nextLesson.slug}`} className={link}>
        Next lesson: {progress.nextLesson.title} <span aria-hidden="true">→</span>
      </a>
    );
  return null;
}

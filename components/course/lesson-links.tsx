// A labelled, comma-separated line of links to lessons: a lesson's prerequisites on the course
// map, and what a practice exercise assumes. Renders nothing when there are no lessons.
import Link from "next/link";

export const link = "text-violet-700 hover:underline dark:text-violet-300";

export function LessonLinks({ label, lessons, className, testId }: { label: string; lessons: ReadonlyArray<{ slug: string; title: string }>; className: string; testId?: string }) {
  if (lessons.length === 0) return null;
  return (
    <p data-testid={testId} className={`${className} text-xs text-zinc-600 dark:text-zinc-400`}>
      {label}{" "}
      {lessons.map((p, i) => (
        <span key={p.slug}>
          {i > 0 && ", "}
          <Link href={`/lessons/${p.slug}`} className={link}>
            {p.title}
          </Link>
        </span>
      ))}
    </p>
  );
}

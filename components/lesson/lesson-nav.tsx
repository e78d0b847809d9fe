// Previous / next links at the foot of a lesson, in course order (drafts hidden in production).
import Link from "next/link";
import { getLessonNeighbours } from "@/lib/lessons/content";

export async function LessonNav({ slug }: { slug: string }) {
  const { previous, next } = await getLessonNeighbours(slug);
  if (!previous && !next) return null;
  const link = "block rounded-lg border border-zinc-200 p-3 hover:border-violet-400 hover:bg-violet-50 dark:border-zinc-800 dark:hover:border-violet-500 dark:hover:bg-zinc-900";
  return (
    <nav aria-label="Lessons" className="mt-12 grid gap-3 border-t border-zinc-200 pt-6 sm:grid-cols-2 dark:border-zinc-800">
      {previous ? (
        <Link href={`/lessons/${previous.slug}`} rel="prev" className={link}>
          <span className="block text-xs text-zinc-500">← Previous</span>
          <span className="font-semibold">{previous.title}</span>
        </Link>
      ) : (
        <span />
      )}
      {next && (
        <Link href={`/lessons/${next.slug}`} rel="next" className={`${link} sm:text-right`}>
          <span className="block text-xs text-zinc-500">Next →</span>
          <span className="font-semibold">{next.title}</span>
        </Link>
      )}
    </nav>
  );
}

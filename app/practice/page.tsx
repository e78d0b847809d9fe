import type { Metadata } from "next";
import { PracticeFilters, PracticeList } from "@/components/course/practice-list";
import { ProgressBar } from "@/components/ui/progress-bar";
import { currentLearnerId } from "@/lib/auth/learner";
import { conceptCounts, filterPractice, getPracticeList, parsePracticeFilter } from "@/lib/progress/practice";

export const metadata: Metadata = { title: "Practice · Elixir Lessons" };

export default async function PracticePage({ searchParams }: PageProps<"/practice">) {
  const [items, params] = await Promise.all([getPracticeList(await currentLearnerId()), searchParams]);
  const filter = parsePracticeFilter(params);
  const shown = filterPractice(items, filter);
  const solved = items.filter((i) => i.solved).length;
  return (
    <main className="mx-auto w-full max-w-3xl px-4 py-10">
      <h1 className="text-3xl font-bold tracking-tight">Practice</h1>
      <p className="mt-3 text-zinc-600 dark:text-zinc-400">
        Exercises that go on from the lessons, each on its own page. Every one is tagged with the concepts it uses and rated from 1
        (a warm-up) to 5 (hard), and lists the lessons it assumes. Hidden tests check the edge cases, not only the example in the text.
      </p>
      {items.length > 0 && (
        <div className="mt-4">
          <p data-testid="practice-progress" className="text-sm text-zinc-600 tabular-nums dark:text-zinc-400">
            {solved} of {items.length} practice exercises solved
          </p>
          <ProgressBar value={solved} max={items.length} label="Practice progress" className="mt-1" />
        </div>
      )}
      <PracticeFilters filter={filter} concepts={conceptCounts(items)} />
      <p data-testid="practice-count" className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">
        Showing {shown.length} of {items.length}
      </p>
      <PracticeList items={shown} />
    </main>
  );
}

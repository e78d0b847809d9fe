// The practice page's body: filters by concept and by difficulty (plain links and a GET form,
// so they work without client JavaScript) and the matching exercises, each with its difficulty,
// concepts, minutes, prerequisites and whether this learner has solved it.
import Link from "next/link";
import { CONCEPTS } from "@/lib/lessons/parse";
import { DIFFICULTIES, DIFFICULTY_NAMES, practiceHref, type PracticeFilter, type PracticeItem } from "@/lib/progress/practice";
import { Difficulty } from "./difficulty";
import { LessonLinks, link } from "./lesson-links";

const chip = "inline-block rounded-full border px-2.5 py-0.5 text-xs";
const chipOn = "border-violet-600 bg-violet-700 text-white dark:border-violet-400 dark:bg-violet-600";
const chipOff = "border-zinc-300 text-zinc-700 hover:border-violet-400 hover:bg-violet-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-900";

export function PracticeFilters({ filter, concepts }: { filter: PracticeFilter; concepts: { concept: string; count: number }[] }) {
  const select = "rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";
  return (
    <section aria-label="Filters" className="mt-6 space-y-3 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800">
      <form method="get" action="/practice" className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col gap-1">
          <span className="font-medium">Concept</span>
          <select name="concept" defaultValue={filter.concept ?? ""} className={select}>
            <option value="">Any concept</option>
            {CONCEPTS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Difficulty</span>
          <select name="difficulty" defaultValue={filter.difficulty ?? ""} className={select}>
            <option value="">Any difficulty</option>
            {DIFFICULTIES.map((d) => (
              <option key={d} value={d}>
                {d} · {DIFFICULTY_NAMES[d]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-md bg-violet-700 px-3 py-1.5 font-semibold text-white hover:bg-violet-800 dark:bg-violet-600 dark:hover:bg-violet-500">
          Filter
        </button>
        {(filter.concept || filter.difficulty) && (
          <Link href="/practice" data-testid="clear-filters" className={`${link} py-1.5`}>
            Clear filters
          </Link>
        )}
      </form>
      <nav aria-label="Difficulty" className="flex flex-wrap items-center gap-2">
        <span className="text-xs font-medium text-zinc-600 dark:text-zinc-400">Difficulty:</span>
        {DIFFICULTIES.map((d) => {
          const on = filter.difficulty === d;
          return (
            <Link key={d} href={practiceHref({ ...filter, difficulty: on ? null : d })} aria-current={on ? "true" : undefined} data-difficulty-filter={d} className={`${chip} ${on ? chipOn : chipOff}`}>
              {d} · {DIFFICULTY_NAMES[d]}
            </Link>
          );
        })}
      </nav>
      <nav aria-label="Concepts" className="flex flex-wrap items-center gap-2">
        <span className="text-xs font-medium text-zinc-600 dark:text-zinc-400">Concepts:</span>
        {concepts.map(({ concept, count }) => {
          const on = filter.concept === concept;
          return (
            <Link
              key={concept}
              href={practiceHref({ ...filter, concept: on ? null : (concept as PracticeFilter["concept"]) })}
              aria-current={on ? "true" : undefined}
              data-concept-filter={concept}
              className={`${chip} ${on ? chipOn : chipOff}`}
            >
              {concept} <span className="opacity-70">({count})</span>
            </Link>
          );
        })}
      </nav>
    </section>
  );
}

export function PracticeList({ items }: { items: PracticeItem[] }) {
  if (items.length === 0) {
    return (
      <p data-testid="no-practice" className="mt-6 rounded-lg border border-zinc-200 p-4 text-sm dark:border-zinc-800">
        No practice exercise matches these filters. <Link href="/practice" className={link}>Show them all</Link>.
      </p>
    );
  }
  return (
    <ul className="mt-6 space-y-3">
      {items.map((item) => (
        <li
          key={item.slug}
          data-testid="practice-item"
          data-slug={item.slug}
          data-difficulty={item.difficulty}
          data-concepts={item.concepts.join(" ")}
          data-solved={item.solved}
          className="rounded-lg border border-zinc-200 p-4 hover:border-violet-400 dark:border-zinc-800 dark:hover:border-violet-500"
        >
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
            <Difficulty value={item.difficulty} />
            <span>· {item.minutes} min</span>
            {item.solved ? (
              <span data-testid="practice-solved" className="rounded-full bg-emerald-100 px-2 text-xs font-semibold text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200">
                <span aria-hidden="true">✓ </span>Solved
              </span>
            ) : (
              <span className="text-xs text-zinc-500">Not solved yet</span>
            )}
          </div>
          <Link href={`/practice/${item.slug}`} className="mt-1 block text-lg font-semibold hover:underline">
            {item.title}
          </Link>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{item.summary}</p>
          <div className="mt-2 flex flex-wrap items-center gap-1.5">
            {item.concepts.map((c) => (
              <Link key={c} href={practiceHref({ concept: c, difficulty: null })} data-testid="concept" className={`${chip} ${chipOff}`}>
                {c}
              </Link>
            ))}
          </div>
          <LessonLinks label="Assumes:" lessons={item.prerequisites} className="mt-2" />
        </li>
      ))}
    </ul>
  );
}

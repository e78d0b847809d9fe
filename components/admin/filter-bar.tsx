// The filter form of every dashboard view: a plain GET form, so filters live in the URL.
import Link from "next/link";
import type { ReactNode } from "react";
import { type Filters, VERDICT_LABELS, VERDICTS } from "@/lib/admin/filters";

export type FilterField = "date" | "lesson" | "exercise" | "verdict" | "learner";

interface Options {
  lessons: { slug: string; title: string }[];
  exercises: { id: string; title: string; lessonSlug: string }[];
}

const input = "mt-1 block rounded border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** A label above its control, tied by id so the control's accessible name is the label alone. */
function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="text-xs font-medium">
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}

function daysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
}

export function FilterBar({ path, filters, fields, options, problems }: { path: string; filters: Filters; fields: FilterField[]; options: Options; problems: string[] }) {
  const has = (f: FilterField) => fields.includes(f);
  const exercises = filters.lesson ? options.exercises.filter((e) => e.lessonSlug === filters.lesson) : options.exercises;
  return (
    <div className="mt-4 rounded border border-zinc-200 p-3 dark:border-zinc-800">
      <form method="get" action={path} className="flex flex-wrap items-end gap-3" aria-label="Filters">
        <Field id="filter-from" label="From">
          <input type="date" id="filter-from" name="from" defaultValue={filters.from} className={input} />
        </Field>
        <Field id="filter-to" label="To">
          <input type="date" id="filter-to" name="to" defaultValue={filters.to} className={input} />
        </Field>
        {has("lesson") && (
          <Field id="filter-lesson" label="Lesson">
            <select id="filter-lesson" name="lesson" defaultValue={filters.lesson ?? ""} className={input}>
              <option value="">All lessons</option>
              {options.lessons.map((l) => (
                <option key={l.slug} value={l.slug}>{l.title}</option>
              ))}
            </select>
          </Field>
        )}
        {has("exercise") && (
          <Field id="filter-exercise" label="Exercise">
            <select id="filter-exercise" name="exercise" defaultValue={filters.exercise ?? ""} className={input}>
              <option value="">All exercises</option>
              {exercises.map((e) => (
                <option key={e.id} value={e.id}>{e.title}</option>
              ))}
            </select>
          </Field>
        )}
        {has("verdict") && (
          <Field id="filter-verdict" label="Outcome">
            <select id="filter-verdict" name="verdict" defaultValue={filters.verdict ?? ""} className={input}>
              <option value="">All outcomes</option>
              {VERDICTS.map((v) => (
                <option key={v} value={v}>{VERDICT_LABELS[v]}</option>
              ))}
            </select>
          </Field>
        )}
        {has("learner") && (
          <Field id="filter-learner" label="Learner (id or username)">
            <input id="filter-learner" name="learner" defaultValue={filters.learner} maxLength={100} className={input} />
          </Field>
        )}
        <button type="submit" className="rounded bg-violet-700 px-3 py-1.5 text-sm text-white hover:bg-violet-800">Apply</button>
        <span className="flex gap-3 pb-1.5 text-xs">
          <Link href={`${path}?from=${daysAgo(6)}`} className="text-violet-700 hover:underline dark:text-violet-300">last 7 days</Link>
          <Link href={`${path}?from=${daysAgo(29)}`} className="text-violet-700 hover:underline dark:text-violet-300">last 30 days</Link>
          <Link href={path} className="text-violet-700 hover:underline dark:text-violet-300">all time, no filters</Link>
        </span>
      </form>
      {problems.length > 0 && (
        <ul role="alert" className="mt-2 list-disc pl-5 text-sm text-amber-800 dark:text-amber-300">
          {problems.map((p) => (
            <li key={p}>Ignored: {p}</li>
          ))}
        </ul>
      )}
      <p className="mt-2 text-xs text-zinc-500">
        Dates are UTC days, both ends included. Attempts and pass rates leave out &ldquo;busy&rdquo; and &ldquo;unavailable&rdquo; runs: those are the sandbox&rsquo;s fault, not the learner&rsquo;s.
      </p>
    </div>
  );
}

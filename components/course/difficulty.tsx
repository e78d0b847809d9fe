// A practice exercise's difficulty: five dots, the number and its name for screen readers and tooltips.
import { DIFFICULTY_NAMES } from "@/lib/progress/practice";

export function Difficulty({ value }: { value: number }) {
  const name = DIFFICULTY_NAMES[value] ?? "";
  return (
    <span data-testid="difficulty" data-difficulty={value} title={`Difficulty ${value} of 5 (${name})`} className="inline-flex items-center gap-1">
      <span aria-hidden="true" className="tracking-tight text-amber-600 dark:text-amber-400">
        {"●".repeat(value)}
        <span className="text-zinc-300 dark:text-zinc-700">{"●".repeat(Math.max(0, 5 - value))}</span>
      </span>
      <span className="sr-only">Difficulty</span> {value}/5 · {name}
    </span>
  );
}

"use client";
// System / Light / Dark, as a labelled group of toggle buttons usable by keyboard.
import { applyTheme, useThemeChoice, type ThemeChoice } from "./theme";

const CHOICES: { value: ThemeChoice; label: string; glyph: string }[] = [
  { value: "system", label: "System theme", glyph: "◐" },
  { value: "light", label: "Light theme", glyph: "☀" },
  { value: "dark", label: "Dark theme", glyph: "☾" },
];

export function ThemeSwitch() {
  const choice = useThemeChoice();
  return (
    <div role="group" aria-label="Colour theme" className="flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
      {CHOICES.map((c) => (
        <button
          key={c.value}
          type="button"
          aria-pressed={choice === c.value}
          aria-label={c.label}
          title={c.label}
          onClick={() => applyTheme(c.value)}
          className="size-7 rounded text-sm text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-violet-600 aria-pressed:bg-violet-100 aria-pressed:text-violet-800 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:aria-pressed:bg-violet-900/60 dark:aria-pressed:text-violet-100"
        >
          <span aria-hidden="true">{c.glyph}</span>
        </button>
      ))}
    </div>
  );
}

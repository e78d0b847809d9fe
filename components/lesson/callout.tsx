// <Callout type="note|tip|warning" title="…"> in a lesson: an aside that stands out from the prose.
import type { ReactNode } from "react";
import type { CalloutType } from "@/lib/lessons/parse";

const STYLES: Record<CalloutType, { label: string; icon: string; className: string }> = {
  note: { label: "Note", icon: "ℹ", className: "border-sky-400 bg-sky-50 text-sky-950 dark:bg-sky-950/40 dark:text-sky-100" },
  tip: { label: "Tip", icon: "✦", className: "border-emerald-400 bg-emerald-50 text-emerald-950 dark:bg-emerald-950/40 dark:text-emerald-100" },
  warning: { label: "Warning", icon: "⚠", className: "border-amber-400 bg-amber-50 text-amber-950 dark:bg-amber-950/40 dark:text-amber-100" },
};

export function Callout({ type = "note", title, children }: { type?: CalloutType; title?: string; children?: ReactNode }) {
  const style = STYLES[type] ?? STYLES.note;
  return (
    <aside data-callout={type} aria-label={title ?? style.label} className={`not-prose my-6 rounded-lg border-l-4 px-4 py-3 text-sm ${style.className}`}>
      <p className="mb-1 flex items-center gap-2 font-semibold">
        <span aria-hidden="true">{style.icon}</span>
        {title ?? style.label}
      </p>
      <div className="prose prose-sm max-w-none text-inherit dark:prose-invert prose-p:my-1 prose-code:before:content-none prose-code:after:content-none">{children}</div>
    </aside>
  );
}

// The link that shows or hides deleted and draft lessons and archived exercises (lib/admin/visibility.ts).
import Link from "next/link";
import type { SearchParams } from "@/lib/admin/filters";
import type { Hidden } from "@/lib/admin/visibility";

export function HiddenToggle({ path, params, hidden }: { path: string; params: SearchParams; hidden: Hidden }) {
  const count = hidden.lessonSlugs.size + hidden.exerciseIds.size;
  if (count === 0 && !hidden.shown) return null;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (key === "hidden" || value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) query.append(key, one);
  }
  if (!hidden.shown) query.set("hidden", "1");
  const search = query.toString();
  return (
    <p className="mt-2 text-sm">
      <Link href={`${path}${search ? `?${search}` : ""}`} data-testid="hidden-toggle" className="text-violet-700 hover:underline dark:text-violet-300">
        {hidden.shown ? "Hide deleted and draft lessons and archived exercises" : `Show deleted and draft lessons and archived exercises (${count} hidden)`}
      </Link>
    </p>
  );
}

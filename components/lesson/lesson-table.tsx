// Tables in lessons (GitHub-flavoured Markdown): a frame that scrolls sideways on narrow screens,
// with a shaded header row; the typography plugin's light and dark (prose-invert) border colours
// apply to the rows.
import type { ComponentProps } from "react";

export function LessonTable(props: ComponentProps<"table">) {
  return (
    <div className="lesson-table my-6 overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-700">
      <table {...props} className="w-full text-sm" />
    </div>
  );
}

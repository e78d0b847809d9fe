// Shown in place of an exercise the database does not know yet (content not synced).
export function MissingExercise({ id }: { id: string }) {
  return (
    <div role="alert" className="not-prose my-6 rounded-lg border border-amber-400 bg-amber-50 p-4 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
      Exercise <code>{id}</code> is not in the database yet. Run <code>npm run content:sync</code> and reload.
    </div>
  );
}

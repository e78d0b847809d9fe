// Monospace stack shared by Monaco and its textarea fallback, so switching between them does not shift text.
export const EDITOR_FONT =
  'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace';

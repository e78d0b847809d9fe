// Browser-only Monaco setup: the app's own monaco-editor build (editor core + Elixir), its worker,
// no CDN, and Elixir help (completion, hover, signature help) from the generated docs index.
// First, before any Monaco module runs: its style elements get the CSP nonce.
import "./csp-style-nonce";
import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor/esm/vs/editor/editor.api.js";
import "monaco-editor/esm/vs/basic-languages/elixir/elixir.contribution.js";
import { loadElixirDocs, registerElixirHelp } from "./elixir-help";

// Turbopack cannot resolve Monaco's default worker location; hand it the bundled worker module.
self.MonacoEnvironment = {
  getWorker: () =>
    new Worker(new URL("monaco-editor/esm/vs/editor/editor.worker.js", import.meta.url), {
      type: "module",
      name: "monaco-editor-worker",
    }),
};

loader.config({ monaco });
registerElixirHelp(monaco);
// Fetched with Monaco, before the first Ctrl+Space needs it.
void loadElixirDocs();

let lastFocused: monaco.editor.ICodeEditor | undefined;
monaco.editor.onDidCreateEditor((created) => {
  created.onDidFocusEditorText(() => {
    lastFocused = created;
  });
  created.onDidDispose(() => {
    if (lastFocused === created) lastFocused = undefined;
  });
});

// Under test automation only (navigator.webdriver): text typed in one go (Playwright's
// insertText) is inserted as-is, like a paste, instead of character by character through
// auto-closing and auto-indent, so a test's code arrives exactly as written. Learners' typing,
// dictation and IMEs go through Monaco's own "type" command untouched.
if (navigator.webdriver) {
  monaco.editor.registerCommand("type", (_accessor, args: { text?: string } | undefined) => {
    const text = args?.text ?? "";
    const target = monaco.editor.getEditors().find((e) => e.hasTextFocus()) ?? lastFocused;
    if (!target) return;
    if (text.length > 1 && !isSingleCharacter(text)) target.trigger("keyboard", "paste", { text });
    else target.trigger("keyboard", "type", { text });
  });
}

function isSingleCharacter(text: string): boolean {
  if (typeof Intl.Segmenter !== "function") return [...text].length === 1;
  return [...new Intl.Segmenter().segment(text)].length === 1;
}

export { monaco };

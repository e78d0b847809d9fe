// Syntax highlighting of every fenced code block on the server, with shiki: light and dark
// colours come out as CSS variables (--shiki-light, --shiki-dark) that components/lesson/code.css
// switches between, so no highlighting JavaScript reaches the browser. Uses shiki's JavaScript
// regex engine (no WebAssembly to bundle) and only the grammars lessons need.
import "server-only";
import type { Element, ElementContent, Root } from "hast";
import { createHighlighterCore, type HighlighterCore } from "shiki/core";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";
import { visit } from "unist-util-visit";

const THEMES = { light: "github-light", dark: "github-dark" } as const;

/** Language names authors may write after the fence, mapped to a loaded grammar. */
const LANGUAGES: Record<string, string> = {
  elixir: "elixir",
  ex: "elixir",
  exs: "elixir",
  iex: "elixir",
  erlang: "erlang",
  erl: "erlang",
  sh: "shellscript",
  shell: "shellscript",
  bash: "shellscript",
  console: "shellscript",
  json: "json",
  diff: "diff",
};

let highlighter: Promise<HighlighterCore> | null = null;

function getHighlighter(): Promise<HighlighterCore> {
  highlighter ??= createHighlighterCore({
    themes: [import("shiki/themes/github-light.mjs"), import("shiki/themes/github-dark.mjs")],
    langs: [import("shiki/langs/elixir.mjs"), import("shiki/langs/erlang.mjs"), import("shiki/langs/shellscript.mjs"), import("shiki/langs/json.mjs"), import("shiki/langs/diff.mjs")],
    engine: createJavaScriptRegexEngine(),
  });
  return highlighter;
}

/** The grammar for a fence's language; anything unknown (text, none) is shown plain. */
function grammarFor(lang: string | null | undefined): string {
  return LANGUAGES[(lang ?? "").toLowerCase()] ?? "text";
}

/** Highlights one snippet into a `<pre class="shiki">` hast element. */
async function highlightToHast(code: string, lang: string | null | undefined): Promise<Element> {
  const shiki = await getHighlighter();
  const root = shiki.codeToHast(code, { lang: grammarFor(lang), themes: THEMES, defaultColor: false });
  const pre = root.children.find((c): c is Element => c.type === "element" && c.tagName === "pre");
  if (!pre) throw new Error("shiki produced no <pre>");
  pre.properties = { ...pre.properties, dataLanguage: grammarFor(lang) };
  return pre;
}

/** Rehype plugin: replaces each `<pre><code class="language-x">` with shiki's highlighted version. */
export function rehypeHighlight() {
  return async (tree: Root) => {
    const jobs: Promise<void>[] = [];
    visit(tree, "element", (node: Element, index, parent) => {
      if (node.tagName !== "pre" || !parent || index === undefined) return;
      const code = node.children.find((c): c is Element => c.type === "element" && c.tagName === "code");
      if (!code) return;
      const classes = Array.isArray(code.properties.className) ? code.properties.className.map(String) : [];
      const lang = classes.find((c) => c.startsWith("language-"))?.slice("language-".length);
      const text = textOf(code).replace(/\n$/, "");
      jobs.push(
        highlightToHast(text, lang).then((pre) => {
          parent.children[index] = pre as ElementContent;
        }),
      );
      return "skip";
    });
    await Promise.all(jobs);
  };
}

function textOf(node: ElementContent): string {
  if (node.type === "text") return node.value;
  if (node.type === "element") return node.children.map(textOf).join("");
  return "";
}

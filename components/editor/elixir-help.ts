// Completion, hover docs and signature help for Elixir in Monaco, answered in the browser from
// the help index (public/elixir-docs, generated from the sandbox image's Elixir) and from the
// learner's own code. Loaded with Monaco only (phones keep the textarea and never fetch it); the
// index is fetched once, on first need, and no request is made per keystroke.
import type * as Monaco from "monaco-editor/esm/vs/editor/editor.api.js";
import { ElixirDocs, IMPORTED, arityLabel, callSite, completionContext, nameAt, ownDefinitions, signatureParameters, type DocsIndex, type DocFunction } from "./elixir-docs";

let loading: Promise<ElixirDocs | null> | null = null;

/** The index, fetched once: the manifest names the current, content-addressed file. */
export function loadElixirDocs(): Promise<ElixirDocs | null> {
  loading ??= (async () => {
    try {
      const manifest = (await (await fetch("/elixir-docs/manifest.json", { cache: "no-cache" })).json()) as { url?: string };
      if (!manifest.url?.startsWith("/elixir-docs/")) return null;
      const response = await fetch(manifest.url);
      if (!response.ok) return null;
      return new ElixirDocs((await response.json()) as DocsIndex);
    } catch (error) {
      console.warn("Elixir help index unavailable; the editor works without completion and docs.", error);
      return null;
    }
  })();
  return loading;
}

function functionDoc(f: DocFunction, mod: string): string {
  const deprecated = f.deprecated ? `\n\n**Deprecated:** ${f.deprecated}` : "";
  return `\`\`\`elixir\n${mod === "Kernel" || mod === "Kernel.SpecialForms" ? "" : `${mod}.`}${f.signature}\n\`\`\`\n\n${f.doc}${deprecated}`;
}

export function registerElixirHelp(monaco: typeof Monaco): void {
  const { CompletionItemKind } = monaco.languages;

  monaco.languages.registerCompletionItemProvider("elixir", {
    triggerCharacters: ["."],
    async provideCompletionItems(model, position) {
      const docs = await loadElixirDocs();
      const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const context = completionContext(before);
      if (context.kind === "none") return { suggestions: [] };
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      const own = ownDefinitions(model.getValue());
      const suggestions: Monaco.languages.CompletionItem[] = [];

      if (context.kind === "member") {
        const mod = docs?.module(context.module);
        for (const f of mod?.functions ?? []) {
          if (!f.name.startsWith(context.prefix)) continue;
          suggestions.push({
            label: { label: arityLabel(f), description: f.kind === "macro" ? "macro" : undefined },
            kind: f.kind === "macro" ? CompletionItemKind.Keyword : CompletionItemKind.Function,
            insertText: f.name,
            filterText: f.name,
            sortText: `${f.name}/${String(f.arity).padStart(2, "0")}`,
            detail: `${context.module}.${f.signature}`,
            documentation: { value: f.doc },
            tags: f.deprecated ? [monaco.languages.CompletionItemTag.Deprecated] : undefined,
            range,
          });
        }
        for (const m of own.filter((m) => m.name === context.module)) {
          for (const f of m.functions.filter((f) => !f.private && f.name.startsWith(context.prefix))) {
            suggestions.push({ label: arityLabel(f), kind: CompletionItemKind.Function, insertText: f.name, filterText: f.name, detail: `${m.name}.${f.signature}`, range });
          }
        }
        // Submodules: `String.` offers `Chars`.
        const nested = new Set<string>();
        for (const name of [...(docs?.moduleNames() ?? []), ...own.map((m) => m.name)]) {
          if (!name.startsWith(`${context.module}.`)) continue;
          const next = name.slice(context.module.length + 1).split(".")[0]!;
          if (next.startsWith(context.prefix) || context.prefix === "") nested.add(next);
        }
        for (const name of nested) suggestions.push({ label: name, kind: CompletionItemKind.Module, insertText: name, range });
        return { suggestions };
      }

      if (context.kind === "module") {
        const names = new Set([...(docs?.moduleNames() ?? []), ...own.map((m) => m.name).filter(Boolean)]);
        const prefix = context.prefix;
        const start = position.column - prefix.length;
        for (const name of names) {
          if (!name.startsWith(prefix)) continue;
          suggestions.push({
            label: name,
            kind: CompletionItemKind.Module,
            insertText: name,
            documentation: { value: docs?.module(name)?.doc.split("\n\n")[0] ?? "" },
            range: new monaco.Range(position.lineNumber, start, position.lineNumber, position.column),
          });
        }
        return { suggestions };
      }

      // A bare word: Kernel's functions, the learner's own functions, and keywords-like macros.
      const seen = new Set<string>();
      for (const mod of IMPORTED) {
        for (const f of docs?.module(mod)?.functions ?? []) {
          if (!f.name.startsWith(context.prefix) || !/^[a-z_]/.test(f.name) || seen.has(arityLabel(f))) continue;
          seen.add(arityLabel(f));
          suggestions.push({
            label: { label: arityLabel(f), description: mod },
            kind: f.kind === "macro" ? CompletionItemKind.Keyword : CompletionItemKind.Function,
            insertText: f.name,
            filterText: f.name,
            detail: f.signature,
            documentation: { value: f.doc },
            range,
          });
        }
      }
      for (const m of own) {
        for (const f of m.functions.filter((f) => f.name.startsWith(context.prefix))) {
          suggestions.push({
            label: { label: arityLabel(f), description: m.name || undefined },
            kind: CompletionItemKind.Function,
            insertText: f.name,
            filterText: f.name,
            sortText: `0${f.name}`,
            detail: f.signature,
            range,
          });
        }
      }
      return { suggestions };
    },
  });

  monaco.languages.registerHoverProvider("elixir", {
    async provideHover(model, position) {
      const docs = await loadElixirDocs();
      if (!docs) return null;
      const line = model.getLineContent(position.lineNumber);
      const at = nameAt(line, position.column - 1);
      if (!at) return null;
      const range = new monaco.Range(position.lineNumber, at.start + 1, position.lineNumber, at.end + 1);
      if (at.name === "" && at.module) {
        const mod = docs.module(at.module);
        return mod ? { range, contents: [{ value: `**${mod.name}**` }, { value: mod.doc }] } : null;
      }
      const found = docs.functions(at.module, at.name);
      if (found.length === 0) return null;
      const mod = at.module ?? IMPORTED.find((m) => docs.functions(m, at.name).length > 0) ?? "Kernel";
      return { range, contents: found.slice(0, 4).map((f) => ({ value: functionDoc(f, mod) })) };
    },
  });

  monaco.languages.registerSignatureHelpProvider("elixir", {
    signatureHelpTriggerCharacters: ["(", ","],
    signatureHelpRetriggerCharacters: [","],
    async provideSignatureHelp(model, position) {
      const docs = await loadElixirDocs();
      const before = model.getValueInRange(new monaco.Range(Math.max(1, position.lineNumber - 20), 1, position.lineNumber, position.column));
      const site = callSite(before);
      if (!site) return null;
      const own = ownDefinitions(model.getValue()).flatMap((m) =>
        (site.module ? m.name === site.module : true) ? m.functions.filter((f) => f.name === site.name).map((f) => ({ signature: f.signature, doc: "", arity: f.arity })) : [],
      );
      const library = (docs?.functions(site.module, site.name) ?? []).map((f) => ({ signature: f.signature, doc: f.doc, arity: f.arity }));
      const candidates = [...library, ...own];
      if (candidates.length === 0) return null;
      const signatures = candidates.map((c) => ({
        label: `${site.module ? `${site.module}.` : ""}${c.signature}`,
        documentation: { value: c.doc.split("\n\n")[0] ?? "" },
        parameters: signatureParameters(c.signature).map((p) => ({ label: p })),
      }));
      const active = Math.max(0, candidates.findIndex((c) => c.arity > site.argument));
      return { value: { signatures, activeSignature: active, activeParameter: site.argument }, dispose: () => {} };
    },
  });
}

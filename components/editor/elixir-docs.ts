// The Elixir help index behind completion, hover and signature help: the standard library's docs
// as generated from the sandbox image (sandbox-image/docs), and the learner's own modules and
// functions read from the code in the editor. Pure functions over text, no Monaco: the providers
// in elixir-help.ts turn these answers into Monaco's shapes.

export type DocFunction = {
  name: string;
  arity: number;
  kind: "function" | "macro";
  /** How many trailing arguments have defaults: the function also exists with arity - 1 .. arity - defaults. */
  defaults: number;
  signature: string;
  doc: string;
  deprecated?: string | null;
};

export type DocModule = { name: string; doc: string; functions: DocFunction[] };

export type DocsIndex = { elixir: string; modules: DocModule[] };

/** Modules whose functions are in scope without a module name. */
export const IMPORTED = ["Kernel", "Kernel.SpecialForms"];

export class ElixirDocs {
  readonly version: string;
  private readonly modules = new Map<string, DocModule>();

  constructor(index: DocsIndex) {
    this.version = index.elixir;
    for (const mod of index.modules) this.modules.set(mod.name, mod);
  }

  module(name: string): DocModule | undefined {
    return this.modules.get(name);
  }

  moduleNames(): string[] {
    return [...this.modules.keys()];
  }

  /** Every function called `name` in `module`, or in the imported modules when `module` is null. */
  functions(moduleName: string | null, name: string): DocFunction[] {
    const scope = moduleName ? [moduleName] : IMPORTED;
    return scope.flatMap((m) => this.modules.get(m)?.functions.filter((f) => f.name === name) ?? []);
  }
}

export type OwnFunction = { name: string; arity: number; signature: string; private: boolean };
export type OwnModule = { name: string; functions: OwnFunction[] };

/** The learner's `defmodule` names and the `def`/`defp`/`defmacro` under each (top level: module ""). */
export function ownDefinitions(code: string): OwnModule[] {
  const modules = new Map<string, OwnModule>([["", { name: "", functions: [] }]]);
  let current = modules.get("")!;
  const stack: string[] = [];
  for (const line of code.split("\n")) {
    const defmodule = /^\s*defmodule\s+([A-Z][\w.]*)\s+do\b/.exec(line);
    if (defmodule) {
      // A nested defmodule inside another names Outer.Inner.
      const name = defmodule[1]!;
      const indent = line.search(/\S/);
      while (stack.length > 0 && indentOf(stack[stack.length - 1]!) >= indent) stack.pop();
      const parent = stack.length > 0 ? nameOf(stack[stack.length - 1]!) : "";
      const full = parent && indent > 0 ? `${parent}.${name}` : name;
      stack.push(`${indent}:${full}`);
      current = modules.get(full) ?? { name: full, functions: [] };
      modules.set(full, current);
      continue;
    }
    const def = /^\s*(defp?|defmacrop?)\s+([a-z_][\w]*[?!]?)\s*(\(([^)]*)\))?/.exec(line);
    if (def) {
      const args = def[4]?.trim() ?? "";
      const arity = args === "" ? 0 : splitArguments(args).length;
      const name = def[2]!;
      if (!current.functions.some((f) => f.name === name && f.arity === arity))
        current.functions.push({ name, arity, signature: `${name}(${args})`, private: def[1]!.endsWith("p") });
    }
  }
  return [...modules.values()].filter((m) => m.name !== "" || m.functions.length > 0);
}

const indentOf = (entry: string) => Number(entry.slice(0, entry.indexOf(":")));
const nameOf = (entry: string) => entry.slice(entry.indexOf(":") + 1);

/** Splits an argument list at its top-level commas. */
export function splitArguments(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== "" || parts.length > 0) parts.push(last);
  return parts;
}

/** What the text before the cursor asks to complete. */
export type CompletionContext =
  | { kind: "member"; module: string; prefix: string }
  | { kind: "module"; prefix: string }
  | { kind: "word"; prefix: string }
  | { kind: "none" };

export function completionContext(before: string): CompletionContext {
  if (/#[^"]*$/.test(before) || insideString(before)) return { kind: "none" };
  const member = /(?:^|[^\w.:])((?:[A-Z]\w*)(?:\.[A-Z]\w*)*)\.([a-z_]\w*[?!]?)?$/.exec(before);
  if (member) return { kind: "member", module: member[1]!, prefix: member[2] ?? "" };
  const mod = /(?:^|[^\w.:])([A-Z]\w*(?:\.[A-Z]\w*)*\.?)$/.exec(before);
  if (mod) return { kind: "module", prefix: mod[1]! };
  const word = /(?:^|[^\w.:@])([a-z_]\w*[?!]?)$/.exec(before);
  if (word) return { kind: "word", prefix: word[1]! };
  return { kind: "none" };
}

function insideString(before: string): boolean {
  let quotes = 0;
  for (let i = 0; i < before.length; i++) {
    if (before[i] === "\\") i++;
    else if (before[i] === '"') quotes++;
  }
  return quotes % 2 === 1;
}

export type CallSite = { module: string | null; name: string; argument: number };

/**
 * The call whose argument list the cursor is in (innermost open parenthesis on these lines), and
 * which argument: after `|>` the piped value is the first, so the index moves up by one.
 */
export function callSite(before: string): CallSite | null {
  let depth = 0;
  let commas = 0;
  let inString = false;
  for (let i = before.length - 1; i >= 0; i--) {
    const c = before[i];
    if (c === '"' && before[i - 1] !== "\\") inString = !inString;
    if (inString) continue;
    if (c === ")" || c === "]" || c === "}") depth++;
    else if (c === "[" || c === "{") {
      if (depth === 0) return null;
      depth--;
    } else if (c === "(") {
      if (depth > 0) {
        depth--;
        continue;
      }
      const callee = /((?:[A-Z]\w*\.)*)([a-z_]\w*[?!]?)\s*$/.exec(before.slice(0, i));
      if (!callee) return null;
      const moduleName = callee[1] ? callee[1].slice(0, -1) : null;
      const piped = /\|>\s*$/.test(before.slice(0, i - callee[0].length));
      return { module: moduleName, name: callee[2]!, argument: commas + (piped ? 1 : 0) };
    } else if (c === "," && depth === 0) commas++;
  }
  return null;
}

/** The dotted name under the cursor, e.g. `Enum.map` for a cursor anywhere in it. */
export function nameAt(line: string, column: number): { module: string | null; name: string; start: number; end: number } | null {
  const pattern = /(?:[A-Z]\w*\.)*(?:[A-Z]\w*|[a-z_]\w*[?!]?)/g;
  for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
    const start = match.index;
    const end = start + match[0].length;
    if (column < start || column > end) continue;
    if (start > 0 && /[\w:@]/.test(line[start - 1]!)) return null;
    const parts = match[0].split(".");
    const last = parts[parts.length - 1]!;
    if (/^[A-Z]/.test(last)) return { module: match[0], name: "", start, end };
    return { module: parts.length > 1 ? parts.slice(0, -1).join(".") : null, name: last, start, end };
  }
  return null;
}

/** The parameter names of a signature like `map(enumerable, fun)`. */
export function signatureParameters(signature: string): string[] {
  const open = signature.indexOf("(");
  const close = signature.lastIndexOf(")");
  if (open < 0 || close < open) return [];
  return splitArguments(signature.slice(open + 1, close));
}

/** "map/2", or "split/1..3" for a function with defaults. */
export function arityLabel(f: { name: string; arity: number; defaults?: number }): string {
  return f.defaults ? `${f.name}/${f.arity - f.defaults}..${f.arity}` : `${f.name}/${f.arity}`;
}

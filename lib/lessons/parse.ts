// Turns one MDX lesson file into validated data: frontmatter and the exercises embedded in its
// text. Pure (no I/O, no database) so it can be unit-tested and reused by sync and rendering.
import type { Code, Root } from "mdast";
import type { MdxJsxFlowElement } from "mdast-util-mdx-jsx";
import remarkMdx from "remark-mdx";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { z } from "zod";
import { LessonError } from "./lesson-error";

export const EXERCISE_COMPONENT = "Exercise";
/** Code blocks inside an exercise are told apart by the word after the language. */
export const EXERCISE_BLOCKS = ["starter", "solution", "expected"] as const;
type ExerciseBlock = (typeof EXERCISE_BLOCKS)[number];

/** Lesson slugs and exercise ids: lowercase words joined by hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const frontmatterSchema = z
  .object({
    title: z.string().min(1),
    slug: z.string().regex(SLUG_PATTERN, "slug must be lowercase words joined by hyphens"),
    order: z.number().int().nonnegative(),
    summary: z.string().min(1),
  })
  .strict();

export type LessonFrontmatter = z.infer<typeof frontmatterSchema>;

const exerciseProps = new Set(["id", "title"]);

export interface ParsedExercise {
  id: string;
  title: string;
  position: number;
  line: number;
  starterCode: string;
  solution: string;
  expectedOutput: string;
}

export interface ParsedLesson {
  file: string;
  frontmatter: LessonFrontmatter;
  /** The MDX text with the frontmatter blanked out, so line numbers still match the file. */
  body: string;
  exercises: ParsedExercise[];
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

export function parseLesson(file: string, source: string): ParsedLesson {
  const match = FRONTMATTER.exec(source);
  if (!match) throw new LessonError(file, 1, "missing frontmatter: the file must start with a --- block (title, slug, order, summary)");
  const frontmatter = parseFrontmatter(file, match[1] ?? "");
  const body = match[0].replace(/[^\n]/g, "") + source.slice(match[0].length);

  let tree: Root;
  try {
    tree = unified().use(remarkParse).use(remarkMdx).parse(body);
  } catch (error) {
    throw mdxSyntaxError(file, error);
  }
  return { file, frontmatter, body, exercises: collectExercises(file, tree) };
}

function parseFrontmatter(file: string, text: string): LessonFrontmatter {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    const line = error instanceof YAMLParseError && error.linePos ? error.linePos[0].line + 1 : 1;
    throw new LessonError(file, line, `frontmatter is not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  const parsed = frontmatterSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.join(".") ?? "";
    throw new LessonError(file, frontmatterLine(text, key), `frontmatter ${key ? `"${key}" ` : ""}${issue?.message ?? "is invalid"}`);
  }
  return parsed.data;
}

function frontmatterLine(text: string, key: string): number {
  const index = key ? text.split("\n").findIndex((l) => l.startsWith(`${key}:`)) : -1;
  return index >= 0 ? index + 2 : 1;
}

function mdxSyntaxError(file: string, error: unknown): LessonError {
  const e = error as { line?: number; place?: { line?: number; start?: { line?: number } }; reason?: string; message?: string };
  const reason = e.reason ?? e.message ?? String(error);
  // Some messages (an unclosed tag at the end of the file) carry their place only in the text.
  const inText = /\((\d+):\d+/.exec(reason);
  const line = e.line ?? e.place?.line ?? e.place?.start?.line ?? (inText ? Number(inText[1]) : null);
  return new LessonError(file, line, `MDX syntax error: ${reason}`);
}

function collectExercises(file: string, tree: Root): ParsedExercise[] {
  const exercises: ParsedExercise[] = [];
  const seen = new Map<string, number>();
  visit(tree, "mdxJsxFlowElement", (node: MdxJsxFlowElement) => {
    if (node.name !== EXERCISE_COMPONENT) return;
    const exercise = readExercise(file, node, exercises.length);
    const earlier = seen.get(exercise.id);
    if (earlier !== undefined) throw new LessonError(file, exercise.line, `duplicate exercise id "${exercise.id}" (first used on line ${earlier})`);
    seen.set(exercise.id, exercise.line);
    exercises.push(exercise);
  });
  return exercises;
}

function readExercise(file: string, node: MdxJsxFlowElement, position: number): ParsedExercise {
  const line = node.position?.start.line ?? 0;
  const props: Record<string, string> = {};
  for (const attribute of node.attributes) {
    if (attribute.type !== "mdxJsxAttribute") throw new LessonError(file, line, `<Exercise> takes plain props only (no {...spread})`);
    if (!exerciseProps.has(attribute.name)) throw new LessonError(file, line, `<Exercise> has unknown prop "${attribute.name}" (allowed: ${[...exerciseProps].join(", ")})`);
    if (typeof attribute.value !== "string") throw new LessonError(file, line, `<Exercise> prop "${attribute.name}" must be a quoted string`);
    props[attribute.name] = attribute.value;
  }
  const id = props.id;
  if (!id) throw new LessonError(file, line, `<Exercise> needs an id prop, e.g. <Exercise id="hello-world" title="…">`);
  if (!SLUG_PATTERN.test(id)) throw new LessonError(file, line, `exercise id "${id}" must be lowercase words joined by hyphens`);
  const title = props.title;
  if (!title) throw new LessonError(file, line, `exercise "${id}" needs a title prop`);

  const blocks = new Map<ExerciseBlock, Code>();
  visit(node, "code", (code: Code) => {
    const kind = blockKind(code);
    if (!kind) return;
    if (blocks.has(kind)) throw new LessonError(file, code.position?.start.line ?? line, `exercise "${id}" has more than one ${kind} block`);
    blocks.set(kind, code);
  });
  const missing = EXERCISE_BLOCKS.filter((kind) => !blocks.has(kind));
  if (missing.length > 0) {
    throw new LessonError(file, line, `exercise "${id}" is missing its ${missing.join(", ")} block${missing.length > 1 ? "s" : ""} (a fenced code block like \`\`\`elixir ${missing[0]})`);
  }
  const text = (kind: ExerciseBlock) => blocks.get(kind)?.value ?? "";
  if (text("solution").trim() === "") throw new LessonError(file, blocks.get("solution")?.position?.start.line ?? line, `exercise "${id}" has an empty solution block`);
  return { id, title, position, line, starterCode: text("starter"), solution: text("solution"), expectedOutput: text("expected") };
}

/** `elixir starter` → "starter"; `text expected` → "expected"; anything else is prose code. */
export function blockKind(code: Pick<Code, "lang" | "meta">): ExerciseBlock | null {
  const word = (code.meta ?? "").trim().split(/\s+/)[0] ?? "";
  return (EXERCISE_BLOCKS as readonly string[]).includes(word) ? (word as ExerciseBlock) : null;
}

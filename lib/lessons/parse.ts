// Turns one MDX content file into validated data: a lesson, a practice exercise or a part's
// introduction page. Each has its own frontmatter; the body is read the same way for all three:
// the exercises embedded in its text (blocks, hints, how they are checked), its runnable examples
// and the Elixir samples in its prose. Pure (no I/O, no database) so it can be unit-tested and
// reused by sync, rendering and content:check. Problems are collected, not thrown one by one, so
// an author sees every mistake in a file at once.
import { createHash } from "node:crypto";
import type { Code, Root, RootContent } from "mdast";
import type { MdxJsxFlowElement, MdxJsxTextElement } from "mdast-util-mdx-jsx";
import remarkGfm from "remark-gfm";
import remarkMdx from "remark-mdx";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { z } from "zod";
import type { Check } from "@/lib/grading/grade";
import { LessonError } from "./lesson-error";

export const EXERCISE_COMPONENT = "Exercise";
export const HINT_COMPONENT = "Hint";
const CALLOUT_COMPONENT = "Callout";
const CALLOUT_TYPES = ["note", "tip", "warning"] as const;
export type CalloutType = (typeof CALLOUT_TYPES)[number];

/** Code blocks inside an exercise are told apart by the word after the language. */
const EXERCISE_BLOCKS = ["starter", "solution", "expected", "tests"] as const;
export type ExerciseBlock = (typeof EXERCISE_BLOCKS)[number];
/** ```elixir run: a read-only example with a "Run this" button. */
const RUN_META = "run";
/** ```elixir fails: a prose sample that is meant to fail (content:check then expects an error). */
export const FAILS_META = "fails";
/** Prose samples in this language are run by content:check. */
const SAMPLE_LANG = "elixir";

/** The four parts of the course, in order. */
export const PARTS = ["basics", "data-and-functions", "abstractions", "otp"] as const;
export type Part = (typeof PARTS)[number];

/** The tags a practice exercise can carry. */
export const CONCEPTS = [
  "basics", "strings", "pattern-matching", "control-flow", "functions", "pipe", "lists", "tuples",
  "keywords", "maps", "recursion", "enum", "streams", "structs", "protocols", "behaviours",
  "typespecs", "comprehensions", "sigils", "regex", "binaries", "unicode", "errors", "dates",
  "processes", "tasks", "agents", "genserver", "supervisors", "registry", "ets", "testing",
] as const;
export type Concept = (typeof CONCEPTS)[number];

/** Every practice exercise id starts with this, and no lesson exercise id does. */
const PRACTICE_ID_PREFIX = "practice-";

/** Plain HTML elements an author may use in prose; anything else in angle brackets must be a known component. */
const HTML_ELEMENTS = new Set(["br", "kbd", "sub", "sup", "abbr", "mark", "details", "summary", "small"]);

/** Lesson slugs and exercise ids: lowercase words joined by hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const slugMessage = "must be lowercase words joined by hyphens";

const prerequisitesSchema = z.array(z.string().regex(SLUG_PATTERN, `prerequisites are lesson slugs, which ${slugMessage}`));
const partSchema = z.enum(PARTS, { error: `must be one of ${PARTS.join(", ")}` });

const frontmatterSchema = z
  .object({
    title: z.string().min(1),
    slug: z.string().regex(SLUG_PATTERN, `slug ${slugMessage}`),
    order: z.number().int().nonnegative(),
    /** The part of the course the lesson belongs to. */
    part: partSchema,
    summary: z.string().min(1),
    /** Estimated minutes to work through the lesson. */
    minutes: z.number().int().positive(),
    /** Slugs of lessons to read first; each must exist in the course. */
    prerequisites: prerequisitesSchema.default([]),
    /** Drafts are synced (and checked) but hidden from learners. */
    draft: z.boolean().default(false),
  })
  .strict();

export type LessonFrontmatter = z.infer<typeof frontmatterSchema>;

const practiceFrontmatterSchema = z
  .object({
    title: z.string().min(1),
    /** The page is /practice/<slug>. */
    slug: z.string().regex(SLUG_PATTERN, `slug ${slugMessage}`),
    summary: z.string().min(1),
    /** 1 (a warm-up) to 5 (hard). */
    difficulty: z.number().int().min(1, "difficulty is 1 (warm-up) to 5 (hard)").max(5, "difficulty is 1 (warm-up) to 5 (hard)"),
    /** Tags from CONCEPTS, at least one. */
    concepts: z.array(z.enum(CONCEPTS, { error: `each concept must be one of ${CONCEPTS.join(", ")}` })).min(1, "list at least one concept"),
    /** Slugs of the lessons the exercise assumes; each must exist in the course. */
    prerequisites: prerequisitesSchema.min(1, "list the lessons this exercise assumes"),
    minutes: z.number().int().positive(),
  })
  .strict();

export type PracticeFrontmatter = z.infer<typeof practiceFrontmatterSchema>;

const partFrontmatterSchema = z
  .object({
    title: z.string().min(1),
    /** The part this page introduces; the page is /parts/<slug>. */
    slug: partSchema,
    /** 1 to 4, the part's place in the course. */
    order: z.number().int().min(1).max(PARTS.length),
    summary: z.string().min(1),
  })
  .strict();

export type PartFrontmatter = z.infer<typeof partFrontmatterSchema>;

export interface ParsedExercise {
  id: string;
  title: string;
  position: number;
  /** Line of the <Exercise> tag in the file. */
  line: number;
  starterCode: string;
  solution: string;
  /** "output": stdout compared with expectedOutput; "tests": ExUnit tests run against the code. */
  check: "output" | "tests";
  expectedOutput: string | null;
  /** ExUnit test bodies (`test "..." do ... end`), for check === "tests". */
  tests: string | null;
  /** The learner may see the test source (the `showTests` prop). */
  testsVisible: boolean;
  /** Hints in Markdown, in the order they are revealed. */
  hints: string[];
}

/** A read-only example (```elixir run) the learner can run; `id` is a hash of its code. */
export interface ParsedExample {
  id: string;
  lang: string;
  code: string;
  line: number;
}

/** An ```elixir block in prose (not `run`, not inside an exercise): content:check runs it. */
export interface ParsedSample {
  code: string;
  line: number;
  /** Marked ```elixir fails: it must end in an error instead. */
  fails: boolean;
}

/** What every content file has: its frontmatter and its body read once. */
export interface ParsedDocument<F> {
  file: string;
  frontmatter: F;
  /** Line in the file of each frontmatter field that is written out. */
  fieldLines: Partial<Record<keyof F, number>>;
  /** The MDX text with the frontmatter blanked out, so line numbers still match the file. */
  body: string;
  exercises: ParsedExercise[];
  examples: ParsedExample[];
  samples: ParsedSample[];
}

export type ParsedLesson = ParsedDocument<LessonFrontmatter>;
/** A practice exercise: a page with exactly one exercise. */
export type ParsedPractice = ParsedDocument<PracticeFrontmatter> & { exercise: ParsedExercise };
/** A part's introduction page: prose, no exercises. */
export type ParsedPart = ParsedDocument<PartFrontmatter>;

/** How the grader judges this exercise. */
export function exerciseCheck(exercise: Pick<ParsedExercise, "check" | "expectedOutput">): Check {
  return exercise.check === "tests" ? { kind: "tests" } : { kind: "output", expectedOutput: exercise.expectedOutput ?? "" };
}

/** The id a runnable example is known by: stable while its code is unchanged. */
export function exampleId(lang: string, code: string): string {
  return createHash("sha256").update(`${lang}\n${code}`).digest("hex").slice(0, 16);
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** Parses one lesson; throws the first problem found. Use `checkLesson` to get all of them. */
export function parseLesson(file: string, source: string): ParsedLesson {
  const { lesson, errors } = checkLesson(file, source);
  if (!lesson || errors.length > 0) throw errors[0] ?? new LessonError(file, null, "could not be parsed");
  return lesson;
}

/** Parses one lesson and returns every problem found (the lesson is null when there is any). */
export function checkLesson(file: string, source: string, outline = false): { lesson: ParsedLesson | null; errors: LessonError[] } {
  const { document, errors } = checkDocument(file, source, frontmatterSchema, "title, slug, order, part, summary, minutes", outline);
  if (document) {
    for (const exercise of document.exercises) {
      if (exercise.id.startsWith(PRACTICE_ID_PREFIX)) {
        errors.push(new LessonError(file, exercise.line, `exercise id "${exercise.id}" starts with "${PRACTICE_ID_PREFIX}", which is kept for practice exercises`));
      }
    }
  }
  return errors.length > 0 ? { lesson: null, errors } : { lesson: document, errors };
}

/** Parses one practice exercise (content/practice/<slug>.mdx) and returns every problem found. */
export function checkPractice(file: string, source: string, outline = false): { practice: ParsedPractice | null; errors: LessonError[] } {
  const { document, errors, exerciseLines } = checkDocument(file, source, practiceFrontmatterSchema, "title, slug, summary, difficulty, concepts, prerequisites, minutes", outline);
  if (exerciseLines.length !== 1) {
    errors.push(
      new LessonError(
        file,
        exerciseLines[1] ?? null,
        exerciseLines.length === 0 ? "a practice file needs one <Exercise>" : `a practice file holds exactly one <Exercise>; this one has ${exerciseLines.length}`,
      ),
    );
  }
  const exercise = document?.exercises[0];
  if (exercise && !exercise.id.startsWith(PRACTICE_ID_PREFIX)) {
    errors.push(new LessonError(file, exercise.line, `practice exercise id "${exercise.id}" must start with "${PRACTICE_ID_PREFIX}"`));
  }
  if (!document || !exercise || errors.length > 0) return { practice: null, errors: sortByLine(errors) };
  return { practice: { ...document, exercise }, errors };
}

/** Parses one part's introduction page (content/parts/<part>.mdx) and returns every problem found. */
export function checkPartPage(file: string, source: string, outline = false): { part: ParsedPart | null; errors: LessonError[] } {
  const { document, errors, exerciseLines } = checkDocument(file, source, partFrontmatterSchema, "title, slug, order, summary", outline);
  for (const line of exerciseLines) errors.push(new LessonError(file, line, "a part's introduction page holds prose only: put exercises in its lessons"));
  if (document) {
    const expected = PARTS.indexOf(document.frontmatter.slug) + 1;
    if (document.frontmatter.order !== expected) {
      errors.push(new LessonError(file, document.fieldLines.order ?? 1, `part "${document.frontmatter.slug}" has order ${expected} (the parts are ${PARTS.join(", ")})`));
    }
  }
  if (!document || errors.length > 0) return { part: null, errors: sortByLine(errors) };
  return { part: document, errors };
}

/**
 * Parses and validates a content file. An `outline` reads the frontmatter and only finds the
 * <Exercise id="..."> tags in the body, without parsing the MDX: enough for the course-wide checks
 * (slugs, orders, parts, prerequisites, unique exercise ids) of files content:check is not asked to
 * run; its exercises carry their id and line only, and it has no examples or samples.
 */
function checkDocument<S extends z.ZodObject>(
  file: string,
  source: string,
  schema: S,
  fields: string,
  outline = false,
): { document: ParsedDocument<z.infer<S>> | null; errors: LessonError[]; exerciseLines: number[] } {
  const errors: LessonError[] = [];
  const match = FRONTMATTER.exec(source);
  if (!match) {
    errors.push(new LessonError(file, 1, `missing frontmatter: the file must start with a --- block (${fields})`));
    return { document: null, errors, exerciseLines: [] };
  }
  const frontmatter = parseFrontmatter(file, match[1] ?? "", schema, errors);
  const body = match[0].replace(/[^\n]/g, "") + source.slice(match[0].length);
  if (outline) return outlineDocument(file, match[1] ?? "", frontmatter, schema, body, errors);

  let tree: Root;
  try {
    tree = unified().use(remarkParse).use(remarkMdx).use(remarkGfm).parse(body);
  } catch (error) {
    errors.push(mdxSyntaxError(file, error));
    return { document: null, errors, exerciseLines: [] };
  }
  const reader = new BodyReader(file, body, errors);
  reader.walk(tree.children, { exercise: null, inHint: false });
  const exerciseLines = reader.exerciseTags;
  if (!frontmatter || errors.length > 0) return { document: null, errors: sortByLine(errors), exerciseLines };
  const fieldLines = fieldLinesOf(match[1] ?? "", schema);
  return { document: { file, frontmatter, fieldLines, body, exercises: reader.exercises, examples: reader.examples, samples: reader.samples }, errors, exerciseLines };
}

function fieldLinesOf<S extends z.ZodObject>(text: string, schema: S): Partial<Record<keyof z.infer<S>, number>> {
  const fieldLines: Partial<Record<keyof z.infer<S>, number>> = {};
  for (const key of Object.keys(schema.shape) as (keyof z.infer<S> & string)[]) {
    const at = frontmatterLine(text, key);
    if (at > 1) fieldLines[key] = at;
  }
  return fieldLines;
}

/** An <Exercise> tag at the start of a line, and its id prop. */
const EXERCISE_TAG = new RegExp(`^<${EXERCISE_COMPONENT}\\b[^>]*?\\bid=(?:"([^"]*)"|'([^']*)')`, "gm");

function outlineDocument<S extends z.ZodObject>(
  file: string,
  text: string,
  frontmatter: z.infer<S> | null,
  schema: S,
  body: string,
  errors: LessonError[],
): { document: ParsedDocument<z.infer<S>> | null; errors: LessonError[]; exerciseLines: number[] } {
  const exercises: ParsedExercise[] = [];
  for (const tag of body.matchAll(EXERCISE_TAG)) {
    const line = body.slice(0, tag.index).split("\n").length;
    exercises.push({
      id: tag[1] ?? tag[2] ?? "", title: "", position: exercises.length, line, starterCode: "", solution: "",
      check: "output", expectedOutput: null, tests: null, testsVisible: false, hints: [],
    });
  }
  const exerciseLines = exercises.map((e) => e.line);
  if (!frontmatter || errors.length > 0) return { document: null, errors: sortByLine(errors), exerciseLines };
  return { document: { file, frontmatter, fieldLines: fieldLinesOf(text, schema), body, exercises, examples: [], samples: [] }, errors, exerciseLines };
}

function sortByLine(errors: LessonError[]): LessonError[] {
  return errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function parseFrontmatter<S extends z.ZodObject>(file: string, text: string, schema: S, errors: LessonError[]): z.infer<S> | null {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    const line = error instanceof YAMLParseError && error.linePos ? error.linePos[0].line + 1 : 1;
    const reason = ((error as Error).message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
    errors.push(new LessonError(file, line, `frontmatter is not valid YAML: ${reason}`));
    return null;
  }
  if (data !== null && data !== undefined && (typeof data !== "object" || Array.isArray(data))) {
    errors.push(new LessonError(file, 2, "frontmatter must be a list of `key: value` lines"));
    return null;
  }
  const parsed = schema.safeParse(data ?? {});
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        errors.push(new LessonError(file, frontmatterLine(text, key), `frontmatter has unknown field "${key}" (allowed: ${Object.keys(schema.shape).join(", ")})`));
      }
      continue;
    }
    const key = String(issue.path[0] ?? "");
    const where = issue.path.map(String).join(".");
    const missing = issue.path.length === 1 && data !== null && typeof data === "object" && !(key in data);
    const problem = missing ? `frontmatter is missing "${key}"` : `frontmatter "${where}": ${issue.message}`;
    errors.push(new LessonError(file, frontmatterLine(text, key), problem));
  }
  return null;
}

/** Line in the file of a frontmatter key (the --- line is line 1). */
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
  const advice = /parse expression with acorn|unexpected character.*before expression/i.test(reason) ? " (a { in prose starts an expression: put code in backticks, or write \\{)" : "";
  return new LessonError(file, line, `MDX syntax error: ${reason}${advice}`);
}

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;
type AnyNode = RootContent | JsxElement;

interface ExerciseDraft {
  blocks: Map<ExerciseBlock, Code>;
  hints: string[];
}

interface Context {
  exercise: ExerciseDraft | null;
  inHint: boolean;
}

/** Walks the MDX tree once, validating components, props and code blocks, collecting exercises and examples. */
class BodyReader {
  readonly exercises: ParsedExercise[] = [];
  readonly examples: ParsedExample[] = [];
  readonly samples: ParsedSample[] = [];
  /** Line of every <Exercise> tag, valid or not. */
  readonly exerciseTags: number[] = [];
  private readonly exerciseLines = new Map<string, number>();

  constructor(
    private readonly file: string,
    private readonly body: string,
    private readonly errors: LessonError[],
  ) {}

  private fail(line: number | undefined | null, problem: string): void {
    this.errors.push(new LessonError(this.file, line ?? null, problem));
  }

  walk(nodes: readonly AnyNode[], context: Context): void {
    for (const node of nodes) this.visit(node, context);
  }

  private visit(node: AnyNode, context: Context): void {
    const line = node.position?.start.line;
    switch (node.type) {
      case "mdxjsEsm":
        this.fail(line, "import and export are not allowed in lessons");
        return;
      case "mdxFlowExpression":
      case "mdxTextExpression":
        if (!/^\s*\/\*[\s\S]*\*\/\s*$/.test(node.value)) {
          this.fail(line, `{${node.value.slice(0, 30)}} is an MDX expression, which lessons do not allow: put code in backticks, or write \\{ for a literal brace`);
        }
        return;
      case "mdxJsxFlowElement":
      case "mdxJsxTextElement":
        this.element(node, context);
        return;
      case "code":
        this.code(node, context);
        return;
    }
    if ("children" in node) this.walk(node.children as AnyNode[], context);
  }

  private element(node: JsxElement, context: Context): void {
    const line = node.position?.start.line;
    const name = node.name;
    if (context.inHint && name !== HINT_COMPONENT) {
      this.fail(line, `a <Hint> holds Markdown only: <${name ?? ""}> cannot be used in it`);
      return;
    }
    if (name === EXERCISE_COMPONENT) {
      if (context.exercise) this.fail(line, "an <Exercise> cannot contain another <Exercise>");
      else this.exercise(node);
      return;
    }
    if (name === HINT_COMPONENT) {
      if (!context.exercise || context.inHint) {
        this.fail(line, context.inHint ? "a <Hint> cannot contain another <Hint>" : "<Hint> belongs inside an <Exercise>");
        return;
      }
      this.hint(node, context.exercise);
      return;
    }
    if (name === CALLOUT_COMPONENT) {
      const props = this.props(node, "<Callout>", { type: "string", title: "string" });
      if (props.type === undefined) this.fail(line, `<Callout> needs a type prop: ${CALLOUT_TYPES.join(", ")}`);
      else if (!(CALLOUT_TYPES as readonly string[]).includes(String(props.type))) {
        this.fail(line, `<Callout> type "${String(props.type)}" is not one of ${CALLOUT_TYPES.join(", ")}`);
      }
      this.walk(node.children, context);
      return;
    }
    if (name && HTML_ELEMENTS.has(name)) {
      this.walk(node.children, context);
      return;
    }
    this.fail(line, `unknown component <${name ?? ""}> (lessons can use <Exercise>, <Hint> inside an exercise, <Callout>, and ${[...HTML_ELEMENTS].map((h) => `<${h}>`).join(" ")})`);
  }

  /** Checks an element's props against the allowed ones; a bare prop (`showTests`) is `true`. */
  private props(node: JsxElement, label: string, allowed: Record<string, "string" | "boolean">): Record<string, string | boolean> {
    const line = node.position?.start.line;
    const props: Record<string, string | boolean> = {};
    for (const attribute of node.attributes) {
      if (attribute.type !== "mdxJsxAttribute") {
        this.fail(line, `${label} takes plain props only (no {...spread})`);
        continue;
      }
      const kind = allowed[attribute.name];
      if (!kind) {
        const names = Object.keys(allowed);
        this.fail(line, `${label} has unknown prop "${attribute.name}" (allowed: ${names.length > 0 ? names.join(", ") : "none"})`);
        continue;
      }
      if (attribute.name in props) {
        this.fail(line, `${label} has the prop "${attribute.name}" twice`);
        continue;
      }
      const value = attribute.value;
      if (kind === "boolean") {
        const text = value === null || value === undefined ? "true" : typeof value === "string" ? null : value.value.trim();
        if (text !== "true" && text !== "false") {
          this.fail(line, `${label} prop "${attribute.name}" is a flag: write it alone (${attribute.name}) or as ${attribute.name}={false}`);
          continue;
        }
        props[attribute.name] = text === "true";
      } else {
        if (typeof value !== "string") {
          this.fail(line, `${label} prop "${attribute.name}" must be a quoted string`);
          continue;
        }
        props[attribute.name] = value;
      }
    }
    return props;
  }

  private exercise(node: JsxElement): void {
    const line = node.position?.start.line ?? 0;
    this.exerciseTags.push(line);
    const errorsBefore = this.errors.length;
    const props = this.props(node, "<Exercise>", { id: "string", title: "string", showTests: "boolean" });
    const id = typeof props.id === "string" ? props.id : undefined;
    const name = id ? `exercise "${id}"` : "this exercise";
    if (id === undefined) {
      if (!hasProp(node, "id")) this.fail(line, `<Exercise> needs an id prop, e.g. <Exercise id="hello-world" title="…">`);
    } else if (!SLUG_PATTERN.test(id)) {
      this.fail(line, `exercise id "${id}" ${slugMessage}`);
    } else {
      const earlier = this.exerciseLines.get(id);
      if (earlier !== undefined) this.fail(line, `duplicate exercise id "${id}" (first used on line ${earlier})`);
      else this.exerciseLines.set(id, line);
    }
    const title = typeof props.title === "string" ? props.title.trim() : "";
    if (!hasProp(node, "title")) this.fail(line, `${name} needs a title prop`);
    else if (typeof props.title === "string" && !title) this.fail(line, `${name} has an empty title`);

    const draft: ExerciseDraft = { blocks: new Map(), hints: [] };
    this.walk(node.children, { exercise: draft, inHint: false });

    const block = (kind: ExerciseBlock) => draft.blocks.get(kind);
    for (const kind of ["starter", "solution"] as const) {
      if (!block(kind)) this.fail(line, `${name} is missing its ${kind} block (a fenced code block like \`\`\`elixir ${kind})`);
    }
    const solution = block("solution");
    if (solution && solution.value.trim() === "") this.fail(solution.position?.start.line ?? line, `${name} has an empty solution block`);
    const expected = block("expected");
    const tests = block("tests");
    if (expected && tests) {
      this.fail(tests.position?.start.line ?? line, `${name} has both an expected block and a tests block: keep one (output-checked or test-checked)`);
    } else if (!expected && !tests) {
      this.fail(line, `${name} is missing its expected block or tests block (\`\`\`text expected for the exact output, or \`\`\`elixir tests for ExUnit tests)`);
    }
    if (tests && !/^\s*test\s/m.test(tests.value)) {
      this.fail(tests.position?.start.line ?? line, `${name} has a tests block without any \`test "..." do ... end\``);
    }
    if (props.showTests === true && !tests) this.fail(line, `${name} has showTests but no tests block`);

    if (this.errors.length > errorsBefore || !id) return;
    this.exercises.push({
      id,
      title,
      position: this.exercises.length,
      line,
      starterCode: block("starter")?.value ?? "",
      solution: solution?.value ?? "",
      check: tests ? "tests" : "output",
      expectedOutput: tests ? null : (expected?.value ?? ""),
      tests: tests ? tests.value : null,
      testsVisible: tests ? props.showTests === true : false,
      hints: draft.hints,
    });
  }

  private hint(node: JsxElement, exercise: ExerciseDraft): void {
    const line = node.position?.start.line;
    this.props(node, "<Hint>", {});
    const errorsBefore = this.errors.length;
    this.walk(node.children, { exercise, inHint: true });
    const first = node.children[0]?.position?.start.offset;
    const last = node.children.at(-1)?.position?.end.offset;
    const markdown = first === undefined || last === undefined ? "" : dedent(this.body.slice(first, last));
    if (!markdown.trim()) this.fail(line, "<Hint> is empty");
    else if (this.errors.length === errorsBefore) exercise.hints.push(markdown);
  }

  private code(node: Code, context: Context): void {
    const line = node.position?.start.line;
    const words = (node.meta ?? "").trim().split(/\s+/).filter(Boolean);
    const word = words[0];
    if (word === undefined || word === FAILS_META) {
      if (node.lang === SAMPLE_LANG && !context.exercise && node.value.trim()) this.samples.push({ code: node.value, line: line ?? 0, fails: word === FAILS_META });
      if (word === undefined) return;
    }
    if (words.length > 1) {
      this.fail(line, `code block options "${words.join(" ")}": use one word after the language (e.g. \`\`\`elixir run)`);
      return;
    }
    if (word === FAILS_META) {
      if (node.lang !== SAMPLE_LANG || context.exercise) {
        this.fail(line, `"${FAILS_META}" marks an \`\`\`${SAMPLE_LANG} sample in prose that is meant to fail; it has no meaning here`);
      }
      return;
    }
    if (word === RUN_META) {
      if (context.inHint) {
        this.fail(line, "a runnable example (```elixir run) cannot be inside a <Hint>");
        return;
      }
      if (!node.value.trim()) {
        this.fail(line, "a runnable example (```elixir run) has no code");
        return;
      }
      const lang = node.lang ?? "elixir";
      this.examples.push({ id: exampleId(lang, node.value), lang, code: node.value, line: line ?? 0 });
      return;
    }
    if ((EXERCISE_BLOCKS as readonly string[]).includes(word)) {
      const kind = word as ExerciseBlock;
      if (!context.exercise || context.inHint) {
        this.fail(line, `a ${kind} block belongs directly inside an <Exercise>${context.inHint ? ", not inside a <Hint>" : ""}`);
        return;
      }
      if (context.exercise.blocks.has(kind)) {
        this.fail(line, `this exercise has more than one ${kind} block`);
        return;
      }
      context.exercise.blocks.set(kind, node);
      return;
    }
    this.fail(line, `unknown code block option "${word}" (allowed: ${RUN_META}, ${FAILS_META}; inside an <Exercise>: ${EXERCISE_BLOCKS.join(", ")})`);
  }
}

function hasProp(node: JsxElement, name: string): boolean {
  return node.attributes.some((a) => a.type === "mdxJsxAttribute" && a.name === name);
}

/** Removes the indentation common to every non-blank line (hints indented inside their tag). */
function dedent(text: string): string {
  const lines = text.split("\n");
  const indents = lines.slice(1).filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return [lines[0] ?? "", ...lines.slice(1).map((l) => l.slice(cut))].join("\n").trim();
}

/** `elixir starter` → "starter"; `text expected` → "expected"; anything else (prose code, run) → null. */
export function blockKind(code: Pick<Code, "lang" | "meta">): ExerciseBlock | null {
  const word = (code.meta ?? "").trim().split(/\s+/)[0] ?? "";
  return (EXERCISE_BLOCKS as readonly string[]).includes(word) ? (word as ExerciseBlock) : null;
}

/** True for ```elixir run blocks. */
export function isRunnable(code: Pick<Code, "meta">): boolean {
  return (code.meta ?? "").trim() === RUN_META;
}

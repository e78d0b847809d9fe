// The course as the running site sees it: lessons read from the content folder.
import "server-only";
import path from "node:path";
import { env } from "@/lib/env";
import { loadLesson } from "./load";
import type { ParsedLesson } from "./parse";

export function contentDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), env.CONTENT_DIR);
}

export function getLessonBySlug(slug: string): Promise<ParsedLesson | null> {
  return loadLesson(contentDir(), slug);
}

// One error type for every problem found in a lesson file: it always names the file and, when
// known, the line, so an author can jump straight to it.

export class LessonError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly problem: string,
  ) {
    super(`${file}${line === null ? "" : `:${line}`}: ${problem}`);
    this.name = "LessonError";
  }
}

// One error type for every problem found in a lesson file: it always names the file and, when
// known, the line, so an author can jump straight to it. A course with several problems throws
// them together as one LessonErrors, so an author sees all of them at once.

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

/** Every problem found in the course, in file and line order; the message lists them one a line. */
export class LessonErrors extends Error {
  constructor(readonly errors: LessonError[]) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "LessonErrors";
  }
}

import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadLessons } from "./load";
import { exampleId } from "./parse";
import { runExample } from "./run-example";

const course = () => loadLessons(path.join(process.cwd(), "lib/lessons/__fixtures__/check-good"));
const learner = "00000000-0000-4000-8000-000000000000";

describe("runExample", () => {
  it("runs an example found in the content by its id, in the real sandbox", async () => {
    const id = exampleId("elixir", "IO.puts(Enum.sum([1, 2, 3]))");
    const state = await runExample({ exampleId: id }, learner, { course });
    expect(state).toMatchObject({ kind: "result", outcome: "ok", stdout: "6\n" });
  });

  it("refuses ids that are not an example in the content, malformed ids, and requests without a learner", async () => {
    expect(await runExample({ exampleId: exampleId("elixir", 'IO.puts("not in any lesson")') }, learner, { course })).toEqual({
      kind: "invalid",
      message: "This example has changed since the page was loaded; reload the page.",
    });
    expect(await runExample({ exampleId: "IO.puts(1)" }, learner, { course })).toEqual({ kind: "invalid", message: "Unknown example." });
    expect(await runExample({ code: "IO.puts(1)" }, learner, { course })).toMatchObject({ kind: "invalid" });
    expect(await runExample({ exampleId: exampleId("elixir", "IO.puts(Enum.sum([1, 2, 3]))") }, null, { course })).toMatchObject({ kind: "invalid" });
  });
});

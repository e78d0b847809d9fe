import { describe, expect, it } from "vitest";
import { examplesGateHash, exerciseGateHash, gateSandbox } from "./gate";
import type { ParsedExercise } from "./parse";

const exercise: ParsedExercise = {
  id: "hello",
  title: "Hello",
  position: 1,
  line: 3,
  starterCode: "# your code",
  solution: 'IO.puts "hi"',
  check: "output",
  expectedOutput: "hi",
  tests: null,
  testsVisible: false,
  hints: [],
};
const page = { file: "content/01-hello.mdx", exercises: [exercise], examples: [{ id: "e1", lang: "elixir", line: 9, code: "IO.puts 1" }] };
const image = "elixir-lessons-sandbox:0123456789abcdef";

describe("gateSandbox", () => {
  it("names the image alone under runc, so what runc proved before stays proved", () => {
    expect(gateSandbox(image, "runc")).toBe(image);
  });

  it("gives runsc hashes of its own: a proof under one runtime is not one under the other", () => {
    const runc = gateSandbox(image, "runc");
    const runsc = gateSandbox(image, "runsc");
    expect(exerciseGateHash(runsc, exercise)).not.toBe(exerciseGateHash(runc, exercise));
    expect(examplesGateHash(runsc, page)).not.toBe(examplesGateHash(runc, page));
    expect(exerciseGateHash(runsc, exercise)).toBe(exerciseGateHash(gateSandbox(image, "runsc"), exercise));
  });
});

import { describe, expect, it } from "vitest";
import { forgetProcessSingleton, processSingleton } from "./singleton.mjs";

describe("processSingleton", () => {
  it("makes the value once per key and process, until forgotten", () => {
    let made = 0;
    const make = () => ({ n: ++made });
    const first = processSingleton("test.singleton", make);
    expect(processSingleton("test.singleton", make)).toBe(first);
    // Another copy of a module reaches the same value through the registered symbol.
    expect((globalThis as unknown as Record<symbol, unknown>)[Symbol.for("elixir-lessons.test.singleton")]).toBe(first);
    forgetProcessSingleton("test.singleton");
    expect(processSingleton("test.singleton", make)).toEqual({ n: 2 });
    forgetProcessSingleton("test.singleton");
  });
});

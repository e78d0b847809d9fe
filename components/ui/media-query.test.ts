import { afterEach, describe, expect, it, vi } from "vitest";
import { mediaStore } from "./media-query";

type Listener = (event: { matches: boolean }) => void;

/** A window whose matchMedia lists can be flipped, counting how often a list is made. */
function fakeWindow(initial: boolean) {
  const lists = new Map<string, { matches: boolean; listeners: Set<Listener> }>();
  const matchMedia = vi.fn((query: string) => {
    const list = { matches: initial, listeners: new Set<Listener>() };
    lists.set(query, list);
    return {
      get matches() {
        return list.matches;
      },
      addEventListener: (_type: string, listener: Listener) => list.listeners.add(listener),
    };
  });
  const flip = (query: string, matches: boolean) => {
    const list = lists.get(query);
    if (!list) throw new Error(`no list for ${query}`);
    list.matches = matches;
    for (const listener of list.listeners) listener({ matches });
  };
  return { matchMedia, flip };
}

describe("mediaStore", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("asks the browser once per query, however often the answer is read", () => {
    const fake = fakeWindow(true);
    vi.stubGlobal("window", { matchMedia: fake.matchMedia });
    const store = mediaStore("(min-width: 1px)");
    for (let i = 0; i < 5; i++) expect(mediaStore("(min-width: 1px)").matches()).toBe(true);
    expect(mediaStore("(min-width: 1px)")).toBe(store);
    expect(fake.matchMedia).toHaveBeenCalledTimes(1);
  });

  it("follows the query's change event and tells only current subscribers", () => {
    const fake = fakeWindow(false);
    vi.stubGlobal("window", { matchMedia: fake.matchMedia });
    const store = mediaStore("(pointer: coarse) and (min-width: 2px)");
    const notified: string[] = [];
    const stopFirst = store.subscribe(() => notified.push("first"));
    store.subscribe(() => notified.push("second"));

    fake.flip("(pointer: coarse) and (min-width: 2px)", true);
    expect(store.matches()).toBe(true);
    expect(notified).toEqual(["first", "second"]);

    stopFirst();
    fake.flip("(pointer: coarse) and (min-width: 2px)", false);
    expect(store.matches()).toBe(false);
    expect(notified).toEqual(["first", "second", "second"]);
  });
});

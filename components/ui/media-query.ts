// Whether a CSS media query matches, as a React value that follows it. One MediaQueryList per
// query for the whole page, and its answer kept in a variable that its "change" event updates:
// React reads a snapshot on every render of every component that asks (and again after each
// commit), and `window.matchMedia` there would make and evaluate a new list each time: profiled in
// Chromium, that was most of the page's work to show a verdict.
import { useCallback, useSyncExternalStore } from "react";

export interface MediaStore {
  subscribe: (notify: () => void) => () => void;
  matches: () => boolean;
}

const stores = new Map<string, MediaStore>();

/** The page's one store for `query` (created on first use, in the browser). */
export function mediaStore(query: string): MediaStore {
  let store = stores.get(query);
  if (store) return store;
  const list = window.matchMedia(query);
  let matches = list.matches;
  const listeners = new Set<() => void>();
  list.addEventListener("change", (event) => {
    matches = event.matches;
    for (const notify of listeners) notify();
  });
  store = {
    subscribe(notify) {
      listeners.add(notify);
      return () => void listeners.delete(notify);
    },
    matches: () => matches,
  };
  stores.set(query, store);
  return store;
}

/** Whether `query` matches; `serverValue` until hydrated (and on the server). */
export function useMediaQuery(query: string, serverValue: boolean): boolean {
  const subscribe = useCallback((notify: () => void) => mediaStore(query).subscribe(notify), [query]);
  const matches = useCallback(() => mediaStore(query).matches(), [query]);
  return useSyncExternalStore(subscribe, matches, () => serverValue);
}

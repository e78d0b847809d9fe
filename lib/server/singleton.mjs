// One value per process, whichever copy of a module asks. Next.js bundles instrumentation, route
// handlers and server actions separately, each with its own copy of a lib module, and
// scripts/server.mjs loads this file outside any bundle: module-level state would exist several
// times. processSingleton keeps it on globalThis under a registered symbol instead. Plain
// JavaScript, so that scripts/server.mjs can import it without a build step.

/**
 * The process's value under `key`, made by `make` on first use.
 * @template T
 * @param {string} key
 * @param {() => T} make
 * @returns {T}
 */
export function processSingleton(key, make) {
  const holder = /** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis));
  const symbol = Symbol.for(`elixir-lessons.${key}`);
  if (!(symbol in holder)) holder[symbol] = make();
  return /** @type {T} */ (holder[symbol]);
}

/**
 * Forgets the value under `key`, so the next processSingleton call makes a new one (tests that
 * change the settings a singleton was made from).
 * @param {string} key
 */
export function forgetProcessSingleton(key) {
  delete (/** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis)))[Symbol.for(`elixir-lessons.${key}`)];
}

// Client side of the colour theme: switching it and following it (see theme-script.ts).
import { useSyncExternalStore } from "react";
import { THEME_KEY, type ThemeChoice } from "./theme-script";

export type { ThemeChoice };

export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  const dark = choice === "dark" || (choice === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  root.classList.toggle("dark", dark);
  root.style.colorScheme = dark ? "dark" : "light";
  root.dataset.theme = choice;
  try {
    if (choice === "system") localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, choice);
  } catch {
    // Storage may be blocked; the choice then lasts for this page only.
  }
}

function subscribeToRoot(notify: () => void): () => void {
  const observer = new MutationObserver(notify);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class", "data-theme"] });
  return () => observer.disconnect();
}

/** Whether the page is currently dark (follows the switch and, in system mode, the OS). */
export function useIsDark(): boolean {
  return useSyncExternalStore(subscribeToRoot, () => document.documentElement.classList.contains("dark"), () => false);
}

export function useThemeChoice(): ThemeChoice {
  return useSyncExternalStore(
    subscribeToRoot,
    () => (document.documentElement.dataset.theme as ThemeChoice | undefined) ?? "system",
    () => "system",
  );
}

// The colour theme: "system" (default), "light" or "dark", kept in localStorage and applied as the
// `dark` class on <html> by an inline script before the first paint (THEME_SCRIPT), so no flash.
import { useSyncExternalStore } from "react";

export type ThemeChoice = "system" | "light" | "dark";
export const THEME_KEY = "theme";

/** Runs in <head> before anything paints; keep it tiny and dependency-free. */
export const THEME_SCRIPT = `(function(){try{var c=localStorage.getItem("${THEME_KEY}");if(c!=="light"&&c!=="dark")c="system";var m=window.matchMedia("(prefers-color-scheme: dark)");var e=document.documentElement;var a=function(){var d=c==="dark"||(c==="system"&&m.matches);e.classList.toggle("dark",d);e.style.colorScheme=d?"dark":"light";e.dataset.theme=c};a();m.addEventListener("change",function(){c=e.dataset.theme||"system";a()})}catch(x){}})()`;

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

// The colour theme: "system" (default), "light" or "dark", kept in localStorage and applied as the
// `dark` class on <html> by an inline script before the first paint (THEME_SCRIPT), so no flash.
export type ThemeChoice = "system" | "light" | "dark";
export const THEME_KEY = "theme";

/** Runs in <head> before anything paints; keep it tiny and dependency-free. */
export const THEME_SCRIPT = `(function(){try{var c=localStorage.getItem("${THEME_KEY}");if(c!=="light"&&c!=="dark")c="system";var m=window.matchMedia("(prefers-color-scheme: dark)");var e=document.documentElement;var a=function(){var d=c==="dark"||(c==="system"&&m.matches);e.classList.toggle("dark",d);e.style.colorScheme=d?"dark":"light";e.dataset.theme=c};a();m.addEventListener("change",function(){c=e.dataset.theme||"system";a()})}catch(x){}})()`;


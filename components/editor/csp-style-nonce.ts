// Monaco builds its theme and widget styles in <style> elements it creates at run time. The site's
// CSP only applies style elements that carry the page's nonce (docs/security.md), so style
// elements created by script get it here. Next puts the nonce on its own scripts; the `nonce`
// property still reads it after the browser has hidden the attribute. Markup injected into the
// page (parser-inserted <style>) stays refused: only script, which the CSP already trusts, gets here.
const nonce = typeof document === "undefined" ? "" : (document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce ?? "");

if (nonce) {
  const create = Document.prototype.createElement;
  document.createElement = function createElement(this: Document, tagName: string, options?: ElementCreationOptions) {
    const element = create.call(this, tagName, options);
    if (element instanceof HTMLStyleElement) element.nonce = nonce;
    return element;
  } as typeof document.createElement;
}

export {};

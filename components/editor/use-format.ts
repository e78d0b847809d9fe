"use client";
// The Format button and Shift+Alt+F: sends the code to the format action (the sandbox's own
// formatter) and replaces the editor's text with the answer. A syntax error leaves the code as it
// is and says "cannot format: line N".
import { useCallback, useEffect, useRef, useState } from "react";
import type { FormatResult } from "@/lib/format/format-code";

export type FormatAction = (code: string) => Promise<FormatResult>;

export function useFormat(code: string, apply: (formatted: string) => void, format: FormatAction | undefined) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const busy = useRef(false);
  const latest = useRef({ code, apply });
  useEffect(() => {
    latest.current = { code, apply };
  }, [code, apply]);

  const run = useCallback(async () => {
    if (!format || busy.current) return;
    busy.current = true;
    setPending(true);
    const sent = latest.current.code;
    const result: FormatResult = await format(sent).catch(() => ({ kind: "error" as const, message: "Could not reach the server; try again." }));
    busy.current = false;
    setPending(false);
    if (result.kind === "formatted") {
      setMessage(null);
      // Typing while the formatter ran wins: the answer is for code no longer in the editor.
      if (latest.current.code === sent && result.code !== sent) latest.current.apply(result.code);
    } else {
      setMessage(result.message);
    }
  }, [format]);

  return { pending, message, format: format ? run : undefined };
}

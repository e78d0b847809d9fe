"use client";
// Elixir code editor: a plain textarea at first, then Monaco from the app's own bundle. The textarea
// stays for good on small screens (Monaco is never even downloaded there) and when Monaco fails.
import dynamic from "next/dynamic";
import { Component, useCallback, useRef, useState, type ReactNode } from "react";
import { useMediaQuery } from "@/components/ui/media-query";
import { useIsDark } from "@/components/ui/theme";
import { EDITOR_FONT } from "./editor-font";
import type { MonacoCodeEditorProps } from "./monaco-code-editor";

const MonacoCodeEditor = dynamic(() => import("./monaco-code-editor").then((m) => m.MonacoCodeEditor), {
  ssr: false,
  loading: () => null,
});

export type CodeEditorProps = {
  value: string;
  onChange: (value: string) => void;
  /** Called on Ctrl+Enter / Cmd+Enter. */
  onRun?: () => void;
  /** Called on Shift+Alt+F. */
  onFormat?: () => void;
  /** Accessible name of the editor, e.g. "Code for Hello, world". */
  label: string;
  /** Form field name; the editor always submits its text under this name. */
  name?: string;
  /** 1-based line to mark as the error (compile/runtime error), if any. */
  errorLine?: number | null;
  errorMessage?: string;
  /** Fixed height in pixels, the same before and after Monaco loads. */
  height?: number;
  id?: string;
  "aria-describedby"?: string;
};

type Mode = "plain" | "monaco" | "failed";

export function CodeEditor({
  value,
  onChange,
  onRun,
  onFormat,
  label,
  name = "code",
  errorLine,
  errorMessage,
  height = 320,
  id,
  "aria-describedby": describedBy,
}: CodeEditorProps) {
  const [mode, setMode] = useState<Mode>("plain");
  const dark = useIsDark();
  const small = useSmallScreen();
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [scrollTop, setScrollTop] = useState(0);

  const handleReady = useCallback<MonacoCodeEditorProps["onReady"]>((editor) => {
    const textarea = textareaRef.current;
    if (textarea && document.activeElement === textarea) {
      const position = editor.getModel()?.getPositionAt(textarea.selectionStart);
      editor.focus();
      if (position) editor.setPosition(position);
    }
    setMode("monaco");
  }, []);

  const handleFailed = useCallback(() => setMode("failed"), []);

  return (
    <div
      data-testid="code-editor"
      data-editor={mode === "monaco" && !small ? "monaco" : "plain"}
      className="relative overflow-hidden rounded-lg border border-zinc-300 bg-white focus-within:border-sky-600 focus-within:ring-2 focus-within:ring-sky-600/30 dark:border-zinc-700 dark:bg-[#1e1e1e] dark:focus-within:border-sky-400 dark:focus-within:ring-sky-400/30"
      style={{ height }}
    >
      {mode === "monaco" && !small ? (
        <input type="hidden" name={name} value={value} />
      ) : (
        <>
        <PlainGutter lines={value.split("\n").length} errorLine={errorLine ?? null} errorMessage={errorMessage} scrollTop={scrollTop} />
        <textarea
          ref={textareaRef}
          id={id}
          name={name}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              onRun?.();
            } else if (e.code === "KeyF" && e.shiftKey && e.altKey && onFormat) {
              e.preventDefault();
              onFormat();
            }
          }}
          aria-label={label}
          aria-describedby={describedBy}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          autoCorrect="off"
          wrap="off"
          className="relative block h-full w-full resize-none bg-transparent py-3 pr-3 pl-[31px] text-sm leading-[21px] text-zinc-900 outline-none dark:text-zinc-100"
          style={{ fontFamily: EDITOR_FONT, tabSize: 2 }}
        />
        </>
      )}
      {mode !== "failed" && !small && (
        <div
          className={mode === "monaco" ? "absolute inset-0" : "invisible absolute inset-0"}
          aria-hidden={mode === "monaco" ? undefined : true}
        >
          <EditorBoundary onError={handleFailed}>
            <MonacoCodeEditor
              value={value}
              onChange={onChange}
              onRun={onRun}
              onFormat={onFormat}
              label={label}
              dark={dark}
              errorLine={errorLine}
              errorMessage={errorMessage}
              onReady={handleReady}
            />
          </EditorBoundary>
        </div>
      )}
    </div>
  );
}

const LINE_PX = 21;
const TOP_PX = 12;

/**
 * Line numbers and the error line beside the plain textarea (phones, or Monaco failed): the same
 * 21 px lines as the textarea, scrolled with it. The error line gets a red band and marker.
 */
function PlainGutter({ lines, errorLine, errorMessage, scrollTop }: { lines: number; errorLine: number | null; errorMessage?: string; scrollTop: number }) {
  const marked = errorLine !== null && errorLine >= 1 ? Math.min(errorLine, lines) : null;
  return (
    <>
      {marked !== null && (
        <div
          data-testid="error-line-marker"
          data-line={marked}
          title={errorMessage}
          aria-hidden="true"
          className="pointer-events-none absolute inset-x-0 border-l-4 border-red-600 bg-red-50 dark:border-red-400 dark:bg-red-950"
          style={{ top: TOP_PX + (marked - 1) * LINE_PX - scrollTop, height: LINE_PX }}
        />
      )}
      <div aria-hidden="true" data-testid="line-numbers" className="pointer-events-none absolute inset-y-0 left-0 w-[27px] overflow-hidden select-none">
        <div style={{ transform: `translateY(${TOP_PX - scrollTop}px)`, fontFamily: EDITOR_FONT }}>
          {Array.from({ length: lines }, (_, i) => (
            <div
              key={i}
              className={`pr-1 text-right text-[11px] tabular-nums ${i + 1 === marked ? "font-bold text-red-700 dark:text-red-300" : "text-zinc-400 dark:text-zinc-500"}`}
              style={{ height: LINE_PX, lineHeight: `${LINE_PX}px` }}
            >
              {i + 1}
            </div>
          ))}
        </div>
      </div>
    </>
  );
}

class EditorBoundary extends Component<{ onError: () => void; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  componentDidCatch(error: unknown) {
    console.warn("Code editor failed to load; using the plain text area.", error);
    this.props.onError();
  }

  render() {
    return this.state.failed ? null : this.props.children;
  }
}

/** Below Tailwind's `sm` breakpoint a phone keyboard and a plain textarea work better than Monaco. */
const smallQuery = "(max-width: 639px)";

function useSmallScreen(): boolean {
  // Until hydrated, assume small: Monaco's chunk is requested only once the screen is known to fit it.
  return useMediaQuery(smallQuery, true);
}

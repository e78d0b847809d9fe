"use client";
// The Monaco half of CodeEditor: loaded only in the browser (next/dynamic, ssr: false).
import Editor, { type OnMount } from "@monaco-editor/react";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { EDITOR_FONT } from "./editor-font";
import { monaco } from "./monaco-setup";

export type MonacoCodeEditorProps = {
  value: string;
  onChange: (value: string) => void;
  onRun?: () => void;
  onFormat?: () => void;
  label: string;
  dark: boolean;
  errorLine?: number | null;
  errorMessage?: string;
  onReady: (editor: monaco.editor.IStandaloneCodeEditor) => void;
};

export function MonacoCodeEditor({
  value,
  onChange,
  onRun,
  onFormat,
  label,
  dark,
  errorLine,
  errorMessage,
  onReady,
}: MonacoCodeEditorProps) {
  const [editor, setEditor] = useState<monaco.editor.IStandaloneCodeEditor | null>(null);
  const onRunRef = useRef(onRun);
  const onFormatRef = useRef(onFormat);
  useEffect(() => {
    onRunRef.current = onRun;
    onFormatRef.current = onFormat;
  }, [onRun, onFormat]);

  const options = useMemo<monaco.editor.IStandaloneEditorConstructionOptions>(
    () => ({
      ariaLabel: label,
      automaticLayout: true,
      fontFamily: EDITOR_FONT,
      fontSize: 14,
      lineHeight: 21,
      padding: { top: 12, bottom: 12 },
      tabSize: 2,
      insertSpaces: true,
      detectIndentation: false,
      minimap: { enabled: false },
      folding: false,
      glyphMargin: false,
      lineNumbersMinChars: 3,
      lineDecorationsWidth: 6,
      renderWhitespace: "trailing",
      scrollBeyondLastLine: false,
      stickyScroll: { enabled: false },
      overviewRulerBorder: false,
      hideCursorInOverviewRuler: true,
      scrollbar: { alwaysConsumeMouseWheel: false },
      fixedOverflowWidgets: true,
      // Completion from the Elixir help index (elixir-help.ts): as you type outside strings and
      // comments, after ".", and on Ctrl+Space. Enter keeps making new lines; Tab accepts.
      quickSuggestions: { other: true, comments: false, strings: false },
      suggestOnTriggerCharacters: true,
      acceptSuggestionOnEnter: "off",
      wordBasedSuggestions: "off",
      parameterHints: { enabled: true },
      hover: { enabled: true, delay: 300 },
      accessibilitySupport: "auto",
    }),
    [label],
  );

  const handleMount: OnMount = (mounted, api) => {
    // Monaco picks CRLF on Windows; code, drafts and line numbers stay LF everywhere.
    mounted.getModel()?.setEOL(api.editor.EndOfLineSequence.LF);
    mounted.addAction({
      id: "exercise.run",
      label: "Run code",
      keybindings: [api.KeyMod.CtrlCmd | api.KeyCode.Enter],
      contextMenuGroupId: "navigation",
      run: () => onRunRef.current?.(),
    });
    // Shift+Alt+F, Monaco's own Format Document key, formats through the sandbox (use-format.ts).
    mounted.addAction({
      id: "exercise.format",
      label: "Format code",
      keybindings: [api.KeyMod.Shift | api.KeyMod.Alt | api.KeyCode.KeyF],
      contextMenuGroupId: "1_modification",
      run: () => onFormatRef.current?.(),
    });
    // Escape, then Tab (or Shift+Tab), leaves the editor instead of indenting.
    mounted.onKeyDown((e) => {
      if (e.keyCode === api.KeyCode.Escape) mounted.updateOptions({ tabFocusMode: true });
      else if (e.keyCode !== api.KeyCode.Tab && e.keyCode !== api.KeyCode.Shift) mounted.updateOptions({ tabFocusMode: false });
    });
    mounted.onDidBlurEditorText(() => mounted.updateOptions({ tabFocusMode: false }));
    setEditor(mounted);
    onReady(mounted);
  };

  // A value set from outside (Reset) becomes its own undo step, so Ctrl+Z brings the learner's code back.
  const applyingValue = useRef(false);
  useLayoutEffect(() => {
    const model = editor?.getModel();
    if (!editor || !model || value === model.getValue()) return;
    applyingValue.current = true;
    editor.pushUndoStop();
    editor.executeEdits("set-value", [{ range: model.getFullModelRange(), text: value, forceMoveMarkers: true }]);
    editor.pushUndoStop();
    applyingValue.current = false;
  }, [editor, value]);

  useEffect(() => {
    const model = editor?.getModel();
    if (!editor || !model) return;
    if (errorLine == null || errorLine < 1) {
      monaco.editor.setModelMarkers(model, "exercise", []);
      return;
    }
    const line = Math.min(errorLine, model.getLineCount());
    const message = errorMessage || "Error on this line";
    const decorations = editor.createDecorationsCollection([
      {
        range: new monaco.Range(line, 1, line, 1),
        options: {
          isWholeLine: true,
          // Monaco keeps only [a-z0-9-_] of class names, so plain Tailwind utilities picked by theme.
          className: dark ? "bg-red-950" : "bg-red-50",
          linesDecorationsClassName: dark ? "bg-red-400" : "bg-red-600",
          hoverMessage: { value: message },
          overviewRuler: { color: "#dc2626", position: monaco.editor.OverviewRulerLane.Full },
        },
      },
    ]);
    monaco.editor.setModelMarkers(model, "exercise", [
      {
        severity: monaco.MarkerSeverity.Error,
        message,
        startLineNumber: line,
        startColumn: model.getLineFirstNonWhitespaceColumn(line) || 1,
        endLineNumber: line,
        endColumn: model.getLineMaxColumn(line),
      },
    ]);
    editor.revealLineInCenterIfOutsideViewport(line);
    return () => {
      decorations.clear();
      monaco.editor.setModelMarkers(model, "exercise", []);
    };
  }, [editor, errorLine, errorMessage, dark]);

  return (
    <Editor
      value={value}
      // Synchronous, or @monaco-editor/react compares a stale `value` with a newer model and reverts keystrokes.
      onChange={(next) => {
        if (!applyingValue.current) flushSync(() => onChange(next ?? ""));
      }}
      language="elixir"
      theme={dark ? "vs-dark" : "vs"}
      options={options}
      onMount={handleMount}
      loading={null}
      height="100%"
    />
  );
}

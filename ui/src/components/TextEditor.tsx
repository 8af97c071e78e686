// Prose typed together: a CodeMirror editor bound to the Y.Text the plan keeps the field in.
// Keystrokes change the Yjs document directly (y-codemirror); the plan's peer sends them on.
import { useEffect, useRef } from "preact/hooks";
import type * as Y from "yjs";
import { EditorState, Transaction, type TransactionSpec } from "@codemirror/state";
import { EditorView, keymap, placeholder as placeholderText } from "@codemirror/view";
import { defaultKeymap } from "@codemirror/commands";
import { yCollab, ySyncAnnotation } from "y-codemirror.next";

interface Props {
  ytext: Y.Text | null;
  /** The id of the element that labels the editor. */
  labelledBy: string;
  describedBy?: string | undefined;
  /** The DOM id given to the editable element (for going to it from a finding). */
  id: string;
  multiline?: boolean;
  placeholder?: string | undefined;
  /** Asked once when the plan has no text for this field yet (another client left it out). */
  onMissing?: (() => void) | undefined;
  className?: string | undefined;
}

/** Typed newlines become spaces in one-line fields; text from others is left as it came. */
const oneLine = EditorState.transactionFilter.of((tr) => {
  if (!tr.docChanged || tr.annotation(ySyncAnnotation)) return tr;
  let newline = false;
  tr.changes.iterChanges((_fa, _ta, _fb, _tb, inserted) => {
    if (inserted.toString().includes("\n")) newline = true;
  });
  if (!newline) return tr;
  const changes: { from: number; to: number; insert: string }[] = [];
  tr.changes.iterChanges((fromA, toA, _fb, _tb, inserted) => {
    changes.push({ from: fromA, to: toA, insert: inserted.toString().replace(/\s*\n\s*/g, " ") });
  });
  const spec: TransactionSpec = {
    changes,
    scrollIntoView: true,
    userEvent: tr.annotation(Transaction.userEvent) ?? "input",
  };
  return spec;
});

export function TextEditor(props: Props) {
  const host = useRef<HTMLDivElement>(null);
  const { ytext, labelledBy, describedBy, id, multiline = false, placeholder, onMissing } = props;

  useEffect(() => {
    if (!ytext) {
      onMissing?.();
      return;
    }
    const parent = host.current;
    if (!parent) return;
    const attributes: Record<string, string> = {
      id,
      "aria-labelledby": labelledBy,
      "aria-multiline": multiline ? "true" : "false",
    };
    if (describedBy) attributes["aria-describedby"] = describedBy;
    const view = new EditorView({
      parent,
      state: EditorState.create({
        doc: ytext.toString(),
        extensions: [
          // Undo is the whole plan's (the workspace's Ctrl+Z), so no editor history here.
          yCollab(ytext, null, { undoManager: false }),
          keymap.of(defaultKeymap),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of(attributes),
          ...(multiline ? [] : [oneLine, keymap.of([{ key: "Enter", run: () => true }])]),
          ...(placeholder ? [placeholderText(placeholder)] : []),
        ],
      }),
    });
    return () => view.destroy();
    // The editor is rebuilt only when what it edits or how it is labelled changes.
  }, [ytext, id, labelledBy, describedBy, multiline, placeholder]);

  return (
    <div
      ref={host}
      class={`text-editor ${multiline ? "multiline" : "one-line"} ${props.className ?? ""}`}
      data-ready={ytext ? "true" : "false"}
    />
  );
}

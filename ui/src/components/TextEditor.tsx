// Prose typed together: a CodeMirror editor bound to the Y.Text the plan keeps the field in.
// Keystrokes change the Yjs document directly (y-codemirror); the plan's peer sends them on.
import { useEffect, useRef } from "preact/hooks";
import type * as Y from "yjs";
import { EditorState, StateEffect, StateField, Transaction, type TransactionSpec } from "@codemirror/state";
import { Decoration, EditorView, keymap, placeholder as placeholderText, type DecorationSet } from "@codemirror/view";
import { defaultKeymap } from "@codemirror/commands";
import { yCollab, ySyncAnnotation } from "y-codemirror.next";
import type { CommentMark } from "../review/board";

/** A range of the field's text the person has selected (UTF-16 offsets, as Yjs counts). */
export interface Selected {
  from: number;
  to: number;
  text: string;
}

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
  /** Open comment threads on words of this field, marked in the text. */
  marks?: CommentMark[] | undefined;
  /** Told when the selection changes (`null`: nothing selected). */
  onSelect?: ((selected: Selected | null) => void) | undefined;
  /** Ctrl+Alt+M: comment on the selected words. */
  onComment?: (() => void) | undefined;
}

const setMarks = StateEffect.define<CommentMark[]>();

/** Commented words: underlined and tinted (not by colour alone), and named for the thread. */
const commentMarks = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = marks.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setMarks)) continue;
      const len = tr.state.doc.length;
      next = Decoration.set(
        e.value
          .map((m) => ({ ...m, to: Math.min(m.to, len) }))
          .filter((m) => m.from < m.to)
          .map((m) => Decoration.mark({ class: "comment-mark", attributes: { "data-thread": m.thread } }).range(m.from, m.to)),
        true,
      );
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** Puts the selection on a range and shows it (going to a comment's words). */
export function selectInEditor(element: HTMLElement, from: number, to: number): boolean {
  const view = EditorView.findFromDOM(element);
  if (!view) return false;
  const len = view.state.doc.length;
  view.dispatch({
    selection: { anchor: Math.min(from, len), head: Math.min(to, len) },
    scrollIntoView: true,
  });
  view.focus();
  return true;
}

/** Puts text where the cursor is in the editor holding `element`, as typing would. */
export function insertInEditor(element: Element, text: string): boolean {
  const view = EditorView.findFromDOM(element as HTMLElement);
  if (!view) return false;
  view.dispatch(view.state.replaceSelection(text), { userEvent: "input.paste", scrollIntoView: true });
  view.focus();
  return true;
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
  const viewRef = useRef<EditorView | null>(null);
  // Read through refs so that new callbacks never rebuild the editor.
  const onSelect = useRef(props.onSelect);
  onSelect.current = props.onSelect;
  const onComment = useRef(props.onComment);
  onComment.current = props.onComment;
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
          commentMarks,
          keymap.of([
            {
              key: "Mod-Alt-m",
              run: () => {
                if (!onComment.current) return false;
                onComment.current();
                return true;
              },
            },
          ]),
          EditorView.updateListener.of((u) => {
            if (!u.selectionSet && !u.docChanged) return;
            const { from, to } = u.state.selection.main;
            onSelect.current?.(from < to ? { from, to, text: u.state.sliceDoc(from, to) } : null);
          }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      viewRef.current = null;
      view.destroy();
    };
    // The editor is rebuilt only when what it edits or how it is labelled changes.
  }, [ytext, id, labelledBy, describedBy, multiline, placeholder]);

  const marks = props.marks ?? [];
  const marksKey = JSON.stringify(marks);
  useEffect(() => {
    viewRef.current?.dispatch({ effects: setMarks.of(marks) });
    // Redrawn when the marks themselves change, not each time the array is rebuilt.
  }, [marksKey, ytext]);

  return (
    <div
      ref={host}
      class={`text-editor ${multiline ? "multiline" : "one-line"} ${props.className ?? ""}`}
      data-ready={ytext ? "true" : "false"}
    />
  );
}

/**
 * Puts the cursor at the end of the editor holding `element` and focuses it; `typed` is a key
 * a person pressed on a table cell to start editing it, typed after what is there.
 */
export function focusAtEnd(element: Element, typed?: string): boolean {
  const view = EditorView.findFromDOM(element as HTMLElement);
  if (!view) return false;
  const end = view.state.doc.length;
  view.dispatch({ selection: { anchor: end } });
  if (typed) view.dispatch(view.state.replaceSelection(typed), { userEvent: "input.type" });
  view.focus();
  return true;
}

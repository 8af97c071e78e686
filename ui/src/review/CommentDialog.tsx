// The comment form: what the comment is on (the selected words, quoted, or a card), what it
// says, and whom it asks to answer.
import { useEffect, useRef, useState } from "preact/hooks";
import { reviewing } from "../ipc";
import { usePlan } from "../plan/context";
import { type CommentTarget, useReviewStore } from "./board";
import { PeoplePicker } from "./PeoplePicker";

export function CommentDialog({ target, onClose, onPosted }: { target: CommentTarget; onClose(): void; onPosted(): void }) {
  const { peer } = usePlan();
  const store = useReviewStore();
  const dialog = useRef<HTMLDialogElement>(null);
  const [body, setBody] = useState("");
  const [asked, setAsked] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => dialog.current?.showModal(), []);

  const post = async () => {
    setProblem(null);
    setBusy(true);
    try {
      // The words must be in the plan on the Rust side before a range can point into them.
      await peer.settle();
      await store.run(
        reviewing.comment({
          on:
            target.on === "text"
              ? { on: "text", at: target.at, field: target.field, start: target.start, end: target.end }
              : { on: "object", at: target.at },
          body,
          asked,
        }),
      );
      onPosted();
      dialog.current?.close();
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} class="versions-dialog comment-dialog" aria-labelledby="comment-heading" onClose={onClose} onCancel={onClose}>
      <h2 id="comment-heading">Add a comment</h2>
      {target.on === "text" ? (
        <figure class="comment-quote">
          <figcaption>On these words of {target.label}:</figcaption>
          <blockquote>{target.quote}</blockquote>
        </figure>
      ) : (
        <p class="comment-quote">On the {target.label}</p>
      )}
      <form
        class="comment-form"
        onSubmit={(e) => {
          e.preventDefault();
          void post();
        }}
      >
        <label for="comment-body">Comment</label>
        <textarea
          id="comment-body"
          rows={4}
          value={body}
          aria-describedby={problem ? "comment-problem" : undefined}
          onInput={(e) => setBody((e.currentTarget as HTMLTextAreaElement).value)}
        />
        <PeoplePicker legend="Ask to answer (optional)" chosen={asked} onChange={setAsked} idPrefix="comment-ask" />
        {problem && (
          <p class="field-error" id="comment-problem" role="alert">
            {problem}
          </p>
        )}
        <div class="dialog-actions">
          <button type="button" class="quiet" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy || body.trim() === ""}>
            Add the comment
          </button>
        </div>
      </form>
    </dialog>
  );
}

// The review panel: what waits on this person, then every comment thread with its quoted words,
// who wrote what and when, a reply box, resolve and reopen, and a way to the words.
import { useState } from "preact/hooks";
import { reviewing, type Section, type SectionView, type ThreadItem } from "../ipc";
import { fieldId, usePlan } from "../plan/context";
import { formatWhen } from "../screens/StartScreen";
import { selectInEditor } from "../components/TextEditor";
import { DrawerClose, type SideDrawer } from "../components/CoherencePanel";
import { allParts } from "../plan/schema";
import { placeNote, useBoard, useReviewStore, waitingOnMe, whyWaiting } from "./board";

export function ReviewPanel({ sections, drawer }: { sections: SectionView[]; drawer?: SideDrawer }) {
  const board = useBoard();
  const { go } = usePlan();
  const label = (id: Section | null) => (id ? (sections.find((s) => s.id === id)?.label ?? id) : "Plan details");
  const waiting = waitingOnMe(
    board,
    sections.map((s) => s.id),
  );
  const open = board?.threads.filter((t) => !t.resolved) ?? [];
  const resolved = board?.threads.filter((t) => t.resolved) ?? [];
  const waitingCount = waiting.sections.length + waiting.threads.length;
  return (
    <aside class={`review-panel ${drawer?.open ? "open" : ""}`} aria-labelledby="review-heading">
      <DrawerClose drawer={drawer} />
      <h2 id="review-heading" class="coherence-heading">
        Review
      </h2>
      {board === null ? (
        <p class="empty-note">Reading the comments…</p>
      ) : (
        <>
          <section class="waiting" aria-labelledby="waiting-heading">
            <h3 id="waiting-heading">
              Waiting on you <span class="count">{waitingCount}</span>
            </h3>
            {board.me.length > 0 && <p class="hint">For {board.me.join(" or ")}.</p>}
            {waitingCount === 0 ? (
              <p class="all-clear">Nothing needs your answer.</p>
            ) : (
              <ul class="waiting-list">
                {waiting.sections.map((s) => {
                  const status = board.sections.find((x) => x.section === s);
                  return (
                    <li key={s}>
                      <button type="button" class="finding" onClick={() => go({ section: s })}>
                        {label(s)}: {whyWaiting(status)}
                      </button>
                    </li>
                  );
                })}
                {waiting.threads.map((t) => (
                  <li key={t.id}>
                    <a class="finding" href={`#thread-${t.id}`}>
                      {t.messages[t.messages.length - 1]?.author ?? t.author} wrote on {label(t.section)}: “{excerpt(t)}”
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section class="threads" aria-labelledby="threads-heading">
            <h3 id="threads-heading">
              Open comments <span class="count">{open.length}</span>
            </h3>
            {open.length === 0 ? (
              <p class="empty-note">No open comments. Select words in any text and choose “Comment on the selected words”, or use a card’s Comment button.</p>
            ) : (
              <ol class="thread-list">
                {open.map((t) => (
                  <Thread key={t.id} thread={t} sectionLabel={label(t.section)} />
                ))}
              </ol>
            )}
            {resolved.length > 0 && (
              <details class="resolved-threads">
                <summary>Resolved comments ({resolved.length})</summary>
                <ol class="thread-list">
                  {resolved.map((t) => (
                    <Thread key={t.id} thread={t} sectionLabel={label(t.section)} />
                  ))}
                </ol>
              </details>
            )}
          </section>
        </>
      )}
    </aside>
  );
}

function excerpt(t: ThreadItem): string {
  const last = t.messages[t.messages.length - 1]?.body ?? "";
  return last.length > 80 ? `${last.slice(0, 77)}…` : last;
}

function Thread({ thread: t, sectionLabel }: { thread: ThreadItem; sectionLabel: string }) {
  const store = useReviewStore();
  const { go, report } = usePlan();
  const [reply, setReply] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const note = placeNote(t);
  const headingId = `thread-${t.id}-heading`;
  const act = async (request: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await request();
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };
  const goToWords = () => {
    if (!t.section) return;
    go({ section: t.section, path: t.path, field: t.field });
    const place = t.place;
    if (place.kind !== "text" || !t.field) return;
    const id = fieldId(t.path, t.field);
    let tries = 0;
    const attempt = () => {
      const el = document.getElementById(id);
      if (el && selectInEditor(el, place.start, place.end)) return;
      if (tries++ < 60) requestAnimationFrame(attempt);
      else report(new Error("The words could not be shown: their field is not on screen."));
    };
    requestAnimationFrame(attempt);
  };
  const reachable = t.section !== null && (t.place.kind === "text" || t.place.kind === "object");
  return (
    <li class={`thread ${t.resolved ? "resolved" : ""} ${t.waiting_on_me ? "waiting-on-me" : ""}`} id={`thread-${t.id}`}>
      <article aria-labelledby={headingId}>
        <h4 id={headingId} class="thread-where">
          {sectionLabel}
          {t.waiting_on_me && <span class="tag">Waiting on you</span>}
          {t.resolved && <span class="tag">Resolved</span>}
        </h4>
        {t.quote ? <blockquote class="thread-quote">{t.quote}</blockquote> : <p class="thread-object">On a whole {objectNoun(t.path)}</p>}
        {note && <p class={`thread-note ${t.place.kind === "orphaned" ? "orphaned" : ""}`}>{note}</p>}
        <ol class="messages">
          {t.messages.map((m) => (
            <li key={m.id} class="message">
              <p class="message-meta">
                <strong>{m.author}</strong> <time dateTime={m.at}>{formatWhen(m.at)}</time>
              </p>
              <p class="message-body">{m.body}</p>
            </li>
          ))}
        </ol>
        {t.asked.length > 0 && <p class="hint">Asked: {t.asked.join(", ")}</p>}
        {t.resolved && t.state_by && (
          <p class="hint">
            Resolved by {t.state_by}
            {t.state_at ? `, ${formatWhen(t.state_at)}` : ""}
          </p>
        )}
        {!t.resolved && (
          <form
            class="reply-form"
            onSubmit={(e) => {
              e.preventDefault();
              void act(async () => {
                await store.run(reviewing.reply(t.id, reply));
                setReply("");
              });
            }}
          >
            <label for={`reply-${t.id}`}>Reply</label>
            <textarea id={`reply-${t.id}`} rows={2} value={reply} onInput={(e) => setReply((e.currentTarget as HTMLTextAreaElement).value)} />
            <button type="submit" class="secondary small" disabled={reply.trim() === ""}>
              Reply
            </button>
          </form>
        )}
        {problem && (
          <p class="field-error" role="alert">
            {problem}
          </p>
        )}
        <div class="thread-actions">
          {reachable && (
            <button type="button" class="quiet small" onClick={goToWords}>
              {t.place.kind === "text" ? "Show the words" : "Show it"}
            </button>
          )}
          {t.resolved ? (
            <button type="button" class="quiet small" onClick={() => void act(() => store.run(reviewing.reopen(t.id)))}>
              Reopen
            </button>
          ) : (
            <button type="button" class="secondary small" onClick={() => void act(() => store.run(reviewing.resolve(t.id)))}>
              Resolve
            </button>
          )}
        </div>
      </article>
    </li>
  );
}

function objectNoun(path: string): string {
  const name = path.split("/")[0] ?? "";
  return allParts().find((p) => p.name === name)?.noun ?? "part of the plan";
}

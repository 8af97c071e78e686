// The wall screen: the projector's view in a window of its own, read-only and in type large
// enough for the back of a ballroom. It follows the facilitator: the running block (or where
// the room is brought), its countdown, the ledger's balance, and the latest closed vote's
// results as every laptop counts them. Rust tells it when the room or the plan changes; it never asks on
// a timer (the countdown ticks on its own while a block runs).
import { useEffect, useRef, useState } from "preact/hooks";
import { app, backend, voting, watchRoom, type Review, type RoomView, type VoteView } from "../ipc";
import { Countdown, placeText } from "../components/RoomRun";
import { VoteResults } from "../components/VotesDialog";

export function WallScreen() {
  const [room, setRoom] = useState<RoomView | null>(null);
  const [review, setReview] = useState<Review | null>(null);
  const [vote, setVote] = useState<VoteView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const close = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    document.title = "Wall screen — Throughline";
    let gone = false;
    let stop: (() => void) | null = null;
    const readRoom = () => void app.room().then((r) => !gone && setRoom(r), (e: unknown) => setProblem(String(e instanceof Error ? e.message : e)));
    const readPlan = () => {
      void backend.review().then((r) => !gone && setReview(r), () => undefined);
      void voting.latest().then((v) => !gone && setVote(v), () => undefined);
    };
    void watchRoom((news) => {
      if (news.kind === "Session") readRoom();
      else readPlan();
    }).then(
      (unlisten) => {
        stop = unlisten;
        if (gone) unlisten();
        readRoom();
        readPlan();
      },
      (e: unknown) => setProblem(String(e instanceof Error ? e.message : e)),
    );
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") void app.closeWall();
    };
    document.addEventListener("keydown", onKey);
    close.current?.focus();
    return () => {
      gone = true;
      stop?.();
      document.removeEventListener("keydown", onKey);
    };
  }, []);

  const place = room ? placeText(room) : null;
  // One line a year, so the back of the room reads it: balanced, or what is short.
  const years = new Map<string, string[]>();
  for (const row of review?.balance ?? []) {
    const short = years.get(row.fiscal_year) ?? [];
    if (!row.balanced) short.push(row.gap_text);
    years.set(row.fiscal_year, short);
  }
  return (
    <main class="wall" aria-labelledby="wall-title">
      <div class="wall-top">
        <p>{room?.facilitator ? `Facilitator: ${room.facilitator}` : "Throughline"}</p>
        <button type="button" ref={close} class="secondary wall-close" onClick={() => void app.closeWall()} aria-keyshortcuts="Escape">
          Close the wall screen
        </button>
      </div>
      <div class="wall-main">
        {problem && <p role="alert">{problem}</p>}
        {room && !room.in_session && <p class="empty-note">Host the plan for the room to run its agenda here.</p>}
        {room?.block ? (
          <>
            <h1 id="wall-title">{room.block.title || "Untitled block"}</h1>
            {(room.block.place || place) && <p class="wall-place">{place ?? room.block.place}</p>}
            <Countdown block={room.block} readAt={room.now} />
          </>
        ) : (
          <>
            <h1 id="wall-title">{place ?? "Welcome"}</h1>
            <p class="wall-place">No agenda block running</p>
          </>
        )}
      </div>
      <div class="wall-bottom">
        <section aria-labelledby="wall-balance-heading">
          <h2 id="wall-balance-heading">Balance</h2>
          {years.size === 0 ? (
            <p class="empty-note">No resource lines yet.</p>
          ) : (
            <ul class="wall-balance">
              {[...years].map(([year, short]) => (
                <li key={year}>
                  <span>{year}</span>
                  <strong>{short.length === 0 ? "Balanced" : `Short ${short.join(" and ")}`}</strong>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="wall-votes-heading">
          <h2 id="wall-votes-heading">Vote results</h2>
          {vote ? <VoteResults vote={vote} large /> : <p class="empty-note">No closed votes yet.</p>}
        </section>
      </div>
    </main>
  );
}

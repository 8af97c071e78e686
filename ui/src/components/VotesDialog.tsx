// The room's votes and parking lot: the facilitator opens a dot vote on strategies, root
// causes, tactics or parked ideas and closes it; each person places their own dots (sealed in
// Rust before they leave this laptop); anyone parks an idea (several lines pasted are several
// ideas) and promotes one into the plan. Results are what Rust counts from the published
// ballots; this file counts nothing.
import { useEffect, useRef, useState } from "preact/hooks";
import { voting, type MyVote, type PromoteInto, type RoomRecord } from "../ipc";
import { usePlan, usePlanVersion } from "../plan/context";
import * as read from "../plan/read";
import { pastedLines } from "./collection";

function report(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function VotesDialog(props: { onClose(): void }) {
  const { peer } = usePlan();
  const version = usePlanVersion(peer);
  const dialog = useRef<HTMLDialogElement>(null);
  const [record, setRecord] = useState<RoomRecord | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => dialog.current?.showModal(), []);
  // Read again whenever the plan changes (a ballot, a closing, an idea from another laptop).
  useEffect(() => {
    let gone = false;
    void voting.record().then(
      (r) => !gone && setRecord(r),
      (e: unknown) => !gone && setProblem(report(e)),
    );
    return () => {
      gone = true;
    };
  }, [version]);
  const act = async (p: Promise<unknown>): Promise<boolean> => {
    setProblem(null);
    try {
      await p;
      // The change was made in Rust: bring it into this window's copy of the plan too.
      await peer.catchUp();
      setRecord(await voting.record());
      return true;
    } catch (e) {
      setProblem(report(e));
      return false;
    }
  };
  const votes = [...(record?.votes ?? [])].reverse();
  return (
    <dialog ref={dialog} class="versions-dialog votes-dialog" aria-labelledby="votes-heading" onClose={props.onClose} onCancel={props.onClose}>
      <h2 id="votes-heading">Votes and parking lot</h2>
      {problem && (
        <p class="banner error" role="alert">
          {problem}
        </p>
      )}
      {record && !record.me && (
        <p class="hint">To place dots, say which team member you are first (in Capacity, “Who is rating”).</p>
      )}
      {record?.may_run_votes && <NewVote record={record} act={act} />}
      <section aria-labelledby="votes-list-heading">
        <h3 id="votes-list-heading">Votes</h3>
        {votes.length === 0 ? (
          <p class="empty-note">No votes yet.</p>
        ) : (
          votes.map((v) => <VoteCard key={v.vote.id} mine={v} mayRun={record?.may_run_votes ?? false} act={act} />)
        )}
      </section>
      {record && <ParkingLot record={record} act={act} />}
      <div class="dialog-actions">
        <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}

type Act = (p: Promise<unknown>) => Promise<boolean>;

function NewVote({ record, act }: { record: RoomRecord; act: Act }) {
  const [question, setQuestion] = useState("");
  const [dots, setDots] = useState(3);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const toggle = (item: string) => {
    const next = new Set(chosen);
    if (next.has(item)) next.delete(item);
    else next.add(item);
    setChosen(next);
  };
  return (
    <section aria-labelledby="new-vote-heading">
      <h3 id="new-vote-heading">Open a vote</h3>
      <form
        class="fields"
        onSubmit={(e) => {
          e.preventDefault();
          void act(voting.open({ question, items: [...chosen], dots, voters: [] })).then((ok) => {
            if (ok) {
              setQuestion("");
              setChosen(new Set());
            }
          });
        }}
      >
        <div class="field">
          <label for="vote-question">Question</label>
          <input id="vote-question" type="text" value={question} onInput={(e) => setQuestion(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="vote-dots">Dots per person</label>
          <input id="vote-dots" type="number" min={1} max={50} value={dots} onInput={(e) => setDots(Number(e.currentTarget.value) || 0)} />
        </div>
        <fieldset class="vote-items">
          <legend>Items to vote on ({chosen.size} chosen)</legend>
          {record.votable.length === 0 ? (
            <p class="empty-note">Nothing to vote on yet: add strategies, root causes, tactics or ideas.</p>
          ) : (
            <ul class="plain-list">
              {record.votable.map((v, i) => (
                <li key={v.item}>
                  <input type="checkbox" id={`vote-item-${i}`} checked={chosen.has(v.item)} onChange={() => toggle(v.item)} />
                  <label for={`vote-item-${i}`}>{v.title}</label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <div class="dialog-actions start">
          <button type="submit" class="primary">
            Open the vote
          </button>
        </div>
      </form>
    </section>
  );
}

function VoteCard({ mine, mayRun, act }: { mine: MyVote; mayRun: boolean; act: Act }) {
  const { vote } = mine;
  const headingId = `vote-${vote.id}-heading`;
  const [dots, setDots] = useState<Map<string, number>>(new Map());
  // What this person placed from this laptop, whenever that changes: not on every re-read of
  // the record (another laptop's ballot), which would wipe dots being chosen here.
  const placedHere = JSON.stringify(mine.mine);
  useEffect(() => setDots(new Map(mine.mine.map((d) => [d.item, d.dots]))), [placedHere]);
  const placed = [...dots.values()].reduce((a, b) => a + b, 0);
  return (
    <article class="vote-card" aria-labelledby={headingId}>
      <h4 id={headingId}>{vote.question || "Untitled vote"}</h4>
      {vote.open ? (
        <>
          <p class="hint">
            Open · {vote.dots} dots each · {vote.ballots} {vote.ballots === 1 ? "person has" : "people have"} placed theirs. Dots stay sealed until the facilitator closes the vote.
          </p>
          {mine.may_vote && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void act(voting.place(vote.id, [...dots].map(([item, d]) => ({ item, dots: d }))));
              }}
            >
              <ul class="plain-list dot-list">
                {vote.items.map((it, i) => (
                  <li key={it.item}>
                    <label for={`dots-${vote.id}-${i}`}>{it.title}</label>
                    <input
                      id={`dots-${vote.id}-${i}`}
                      type="number"
                      min={0}
                      max={vote.dots}
                      value={dots.get(it.item) ?? 0}
                      onInput={(e) => {
                        const next = new Map(dots);
                        next.set(it.item, Math.max(0, Number(e.currentTarget.value) || 0));
                        setDots(next);
                      }}
                    />
                  </li>
                ))}
              </ul>
              <p class={placed > vote.dots ? "field-error" : "hint"} role="status">
                {placed} of {vote.dots} dots placed{placed > vote.dots ? ": take some off" : ""}
              </p>
              <button type="submit" class="primary" disabled={placed > vote.dots}>
                Place my dots
              </button>
            </form>
          )}
          {mayRun && mine.holds_key && (
            <button type="button" class="secondary" onClick={() => void act(voting.close(vote.id))}>
              Close the vote and show the results
            </button>
          )}
          {mayRun && !mine.holds_key && <p class="hint">This vote was opened on another laptop: only that laptop can close it.</p>}
        </>
      ) : (
        <VoteResults vote={vote} />
      )}
    </article>
  );
}

/** A closed vote's results, as every laptop counts them. Also the wall screen's. */
export function VoteResults({ vote, large }: { vote: MyVote["vote"]; large?: boolean }) {
  const top = Math.max(1, ...vote.items.map((i) => i.dots));
  return (
    <div class={large ? "vote-results large" : "vote-results"}>
      <table>
        <caption>
          Dots placed: {vote.question} ({vote.ballots} {vote.ballots === 1 ? "ballot" : "ballots"}, {vote.dots} dots each)
        </caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" class="num">
              Dots
            </th>
          </tr>
        </thead>
        <tbody>
          {vote.items.map((i) => (
            <tr key={i.item}>
              <th scope="row">{i.title}</th>
              <td class="num">
                <span class="dot-bar" style={{ width: `${(i.dots / top) * 100}%` }} aria-hidden="true" />
                {i.dots}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {vote.to_discuss.length > 0 && (
        <>
          <p>
            <strong>To discuss</strong>
          </p>
          <ul class="to-discuss">
            {vote.to_discuss.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </>
      )}
      {vote.ignored > 0 && <p class="hint">{vote.ignored} ballots did not count.</p>}
    </div>
  );
}

const PROMOTE: { into: PromoteInto; label: string }[] = [
  { into: "strategies", label: "a strategy" },
  { into: "tactics", label: "a tactic" },
  { into: "root_causes", label: "a root cause" },
];

function ParkingLot({ record, act }: { record: RoomRecord; act: Act }) {
  const { peer } = usePlan();
  const [text, setText] = useState("");
  const lines = pastedLines(text);
  const strategies = read.items(peer.doc, "strategies");
  return (
    <section aria-labelledby="parking-heading">
      <h3 id="parking-heading">Parking lot</h3>
      <form
        class="fields"
        onSubmit={(e) => {
          e.preventDefault();
          void act(voting.addIdeas(lines.join("\n"))).then((ok) => ok && setText(""));
        }}
      >
        <div class="field">
          <label for="new-idea">An idea not (yet) in the plan</label>
          <textarea id="new-idea" rows={2} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </div>
        <button type="submit" class="secondary" disabled={lines.length === 0}>
          {lines.length > 1 ? `Park ${lines.length} ideas, one per line` : "Park the idea"}
        </button>
      </form>
      {record.ideas.length === 0 ? (
        <p class="empty-note">The parking lot is empty.</p>
      ) : (
        <ul class="plain-list ideas">
          {record.ideas.map((idea) => (
            <Idea key={idea.id} idea={idea} strategies={strategies} act={act} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Idea({ idea, strategies, act }: { idea: RoomRecord["ideas"][number]; strategies: read.Item[]; act: Act }) {
  const [into, setInto] = useState<PromoteInto>("strategies");
  const [strategy, setStrategy] = useState<string>("");
  return (
    <li class="idea">
      <p>
        <strong>{idea.text || "Untitled idea"}</strong>
      </p>
      <p class="hint">
        Raised by {idea.author || "someone"} · {idea.dots} {idea.dots === 1 ? "dot" : "dots"}
      </p>
      {idea.promoted_to ? (
        <p class="hint">Became {idea.promoted_title}</p>
      ) : (
        <div class="promote">
          <label for={`promote-${idea.id}`}>Promote to</label>
          <select id={`promote-${idea.id}`} value={into} onChange={(e) => setInto(e.currentTarget.value as PromoteInto)}>
            {PROMOTE.map((p) => (
              <option key={p.into} value={p.into}>
                {p.label}
              </option>
            ))}
          </select>
          {into === "tactics" && (
            <>
              <label for={`promote-${idea.id}-strategy`}>under</label>
              <select id={`promote-${idea.id}-strategy`} value={strategy} onChange={(e) => setStrategy(e.currentTarget.value)}>
                <option value="">No strategy yet</option>
                {strategies.map((s) => (
                  <option key={s.id} value={s.id}>
                    {read.titleOf("strategies", s.map, "strategy")}
                  </option>
                ))}
              </select>
            </>
          )}
          <button type="button" class="secondary small" onClick={() => void act(voting.promote(idea.id, into, strategy === "" ? null : strategy))}>
            Promote
          </button>
        </div>
      )}
    </li>
  );
}

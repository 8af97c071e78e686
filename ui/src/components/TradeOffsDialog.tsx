// The trade-off card session (after ERS's Budget Hold'em): pick a deck, see its cards, play one
// onto a tactic and watch each year's gap close or open; take a play back. Rust writes the
// ledger lines and answers with the balance, findings, cliffs and stop-doing list; this file
// computes none of them.
import { useEffect, useRef, useState } from "preact/hooks";
import { tradeOffs, type BalanceRowView as BalanceRow, type DeckChoices, type TradeOffResult } from "../ipc";
import { usePlan, usePlanVersion } from "../plan/context";
import * as read from "../plan/read";
import { DecisionRecord } from "./DecisionRecord";

function report(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A year's gap in one unit, in words: what is short, what is to spare, or balanced. */
function gapWords(r: BalanceRow): string {
  return r.balanced ? (r.gap < 0 ? `${r.gap_text} to spare` : "Balanced") : `Short by ${r.gap_text}`;
}

function lowerFirst(words: string): string {
  return words.charAt(0).toLowerCase() + words.slice(1);
}

/** Ends a sentence typed by a person without doubling its own full stop. */
function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

export function TradeOffsDialog(props: { onClose(): void }) {
  const { peer } = usePlan();
  const version = usePlanVersion(peer);
  const dialog = useRef<HTMLDialogElement>(null);
  const [choices, setChoices] = useState<DeckChoices | null>(null);
  const [deckId, setDeckId] = useState("");
  const [tactic, setTactic] = useState("");
  const [firstYear, setFirstYear] = useState("");
  const [state, setState] = useState<TradeOffResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => dialog.current?.showModal(), []);
  useEffect(() => {
    void tradeOffs.decks().then(
      (c) => {
        setChoices(c);
        setDeckId((d) => d || c.decks[0]?.id || "");
      },
      (e: unknown) => setProblem(report(e)),
    );
  }, []);
  // Read again whenever the plan changes (another table's play arrives).
  useEffect(() => {
    let gone = false;
    void tradeOffs.now().then(
      (r) => !gone && setState(r),
      (e: unknown) => !gone && setProblem(report(e)),
    );
    return () => {
      gone = true;
    };
  }, [version]);
  const tactics = read.items(peer.doc, "tactics");
  const plays = read.items(peer.doc, "plays");
  const years = state ? [...new Set(state.review.balance.map((r) => r.fiscal_year))] : [];
  const year = firstYear || years[0] || "";
  const yearRows = state ? state.review.balance.filter((r) => r.fiscal_year === year) : [];
  const chosenTactic = tactic || tactics[0]?.id || "";
  const deck = choices?.decks.find((d) => d.id === deckId) ?? null;
  const act = async (p: Promise<TradeOffResult>) => {
    setProblem(null);
    try {
      const result = await p;
      setState(result);
      // The change was made in Rust: bring it into this window's copy of the plan too.
      await peer.catchUp();
    } catch (e) {
      setProblem(report(e));
    }
  };
  return (
    <dialog ref={dialog} class="versions-dialog wide tradeoffs-dialog" aria-labelledby="tradeoffs-heading" onClose={props.onClose} onCancel={props.onClose}>
      <h2 id="tradeoffs-heading">Trade-offs</h2>
      {problem && (
        <p class="banner error" role="alert">
          {problem}
        </p>
      )}
      {choices?.problems.map((p) => (
        <p class="hint" key={p}>
          Skipped a deck: {p}
        </p>
      ))}
      <div class="tradeoffs-head">
      <div class="tradeoffs-choices">
        <label>
          Deck{" "}
          <select id="tradeoffs-deck" value={deckId} onChange={(e) => setDeckId((e.target as HTMLSelectElement).value)}>
            {choices?.decks.map((d) => (
              <option value={d.id} key={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Pays for tactic{" "}
          <select id="tradeoffs-tactic" value={chosenTactic} onChange={(e) => setTactic((e.target as HTMLSelectElement).value)}>
            {tactics.map((t) => (
              <option value={t.id} key={t.id}>
                {read.titleOf("tactics", t.map, "tactic")}
              </option>
            ))}
          </select>
        </label>
        <label>
          From fiscal year{" "}
          <input id="tradeoffs-year" type="text" value={year} size={8} onInput={(e) => setFirstYear((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      {/* The chosen year's gap stays in view (and is spoken) while cards further down are played. */}
      <p class="tradeoffs-year-gap" role="status">
        {year && yearRows.length > 0 ? (
          <>
            <strong>{year}:</strong> {yearRows.map((r) => `${r.unit_label} ${lowerFirst(gapWords(r))}`).join("; ")}
          </>
        ) : year ? (
          `${year}: nothing in the ledger yet`
        ) : (
          ""
        )}
      </p>
      </div>
      <section aria-labelledby="tradeoffs-balance-heading">
        <h3 id="tradeoffs-balance-heading">Each year's gap</h3>
        <table class="tradeoffs-balance">
          <thead>
            <tr>
              <th scope="col">Fiscal year</th>
              <th scope="col">Unit</th>
              <th scope="col">Investments</th>
              <th scope="col">Sources</th>
              <th scope="col">Gap</th>
            </tr>
          </thead>
          <tbody>
            {state?.review.balance.map((r) => (
              <tr key={`${r.fiscal_year}-${r.unit}`} data-year={r.fiscal_year} data-unit={r.unit} data-balanced={r.balanced ? "yes" : "no"}>
                <th scope="row">{r.fiscal_year}</th>
                <td>{r.unit_label}</td>
                <td>{r.investments_text}</td>
                <td>{r.sources_text}</td>
                <td>{gapWords(r)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {state?.cliffs.map((c) => (
          <p class="hint" key={`${c.fiscal_year}-${c.description}`}>
            Funding cliff in {c.fiscal_year}: {c.uncovered_text} a year uncovered when “{c.description}” ends.
          </p>
        ))}
      </section>
      {deck && (
        <section aria-labelledby="tradeoffs-cards-heading">
          <h3 id="tradeoffs-cards-heading">Cards: {deck.name}</h3>
          {deck.description && <p class="hint">{deck.description}</p>}
          <ul class="tradeoffs-cards">
            {deck.cards.map((card) => (
              <li key={card.id} class={`card ${card.kind}`}>
                <strong>{card.name}</strong> ({card.kind === "source" ? `source: ${(card.source_kind ?? "").replace("_", " ")}` : "investment"}
                {card.one_time ? ", one-time" : ""})<br />
                {card.figures.join("; ")}
                {card.stakeholders && <p>Affects: {card.stakeholders}</p>}
                {card.evidence && <p class="hint">Evidence: {card.evidence}</p>}
                <button
                  type="button"
                  disabled={!chosenTactic || !year}
                  onClick={() => void act(tradeOffs.play({ deck: deck.id, card: card.id, tactic: chosenTactic, first_year: year }))}
                >
                  Play “{card.name}”
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="tradeoffs-played-heading">
        <h3 id="tradeoffs-played-heading">Played</h3>
        {plays.length === 0 ? (
          <p class="hint">No card played yet.</p>
        ) : (
          <ul class="tradeoffs-played">
            {plays.map((p) => (
              <li key={p.id}>
                {read.text(p.map, "card_name")} from {read.str(p.map, "first_year") ?? "?"}, by {read.str(p.map, "by") ?? "someone"}{" "}
                <button type="button" class="quiet" onClick={() => void act(tradeOffs.takeBack(p.id))}>
                  Take back “{read.text(p.map, "card_name")}”
                </button>
                <DecisionRecord at={`plays/${p.id}`} map={p.map} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="tradeoffs-stop-heading">
        <h3 id="tradeoffs-stop-heading">What we will stop doing</h3>
        {state && state.stop_doing.length === 0 ? (
          <p class="hint">Nothing yet: sources that stop, shrink or shift something are listed here.</p>
        ) : (
          <ul class="stop-doing">
            {state?.stop_doing.map((s) => (
              <li key={s.path}>
                <strong>{s.what}</strong> ({s.how || "source"}): {s.frees.join("; ")}
                <br />
                Who is affected: {sentence(s.affected || "not yet named")} Who will tell them: {sentence(s.messenger || "not yet named")}
              </li>
            ))}
          </ul>
        )}
      </section>
      <div class="dialog-actions">
        <button type="button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}

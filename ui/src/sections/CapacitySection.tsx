// The capacity self-assessment: each person rates every indicator on their own; the ratings
// are sealed in Rust to the facilitator's round key before they leave this laptop, and stay
// unreadable to everyone (any Yjs peer included) until the facilitator reveals the round; then
// the team sees the spread and what to discuss, and agrees on a consensus with evidence.
import { useEffect, useState } from "preact/hooks";
import { usePlan } from "../plan/context";
import * as read from "../plan/read";
import { voting, type RatingRoundView, type RatingScaleView } from "../ipc";
import { ItemCard, neighbours, Collection } from "../components/collection";
import { ChoiceField, TextField, setValue, useCommand } from "../components/fields";
import { useTerms } from "./terms";

const DONT_KNOW = "dont_know";

export function CapacitySection() {
  const { peer, opened, me, setMe, go } = usePlan();
  const terms = useTerms();
  const scale = opened.template.capacity_scale;
  const members = read.items(peer.doc, "members");
  const indicators = read.items(peer.doc, "capacity");
  const functions = [...new Set(indicators.map((i) => read.text(i.map, "function").trim() || "Other"))];
  const teamSection = opened.template.sections.find((s) => s.id === "team");
  return (
    <>
      <section class="panel rater" aria-labelledby="rater-heading">
        <h2 id="rater-heading">Rating as</h2>
        {members.length === 0 ? (
          <p>
            Ratings are each person's own, so the team's members come first.{" "}
            {teamSection && (
              <button type="button" class="link" onClick={() => go({ section: "team", path: "members" })}>
                Add the team in {teamSection.label}
              </button>
            )}
          </p>
        ) : (
          <div class="field">
            <label for="rating-as">Who is rating on this laptop</label>
            <select id="rating-as" value={me ?? ""} onChange={(e) => setMe((e.currentTarget as HTMLSelectElement).value || null)}>
              <option value="">Choose yourself</option>
              {members.map((m) => (
                <option key={m.id} value={m.id}>
                  {read.titleOf("members", m.map, "team member")}
                </option>
              ))}
            </select>
            <p class="hint">Your ratings are sealed on this laptop: no one can read them until the facilitator reveals an indicator's round.</p>
          </div>
        )}
        {scale && (
          <dl class="scale-legend" aria-label={scale.name}>
            {scale.levels.map((l) => (
              <div key={l.value}>
                <dt>{l.label}</dt>
                <dd>{l.meaning}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
      {scale && indicators.length > 0 && <RatingsAtAGlance indicators={indicators} functions={functions} scale={scale} />}
      {functions.length === 0 && (
        <Collection partName="capacity" heading={terms.plural("capacity")} addLabel={`Add ${terms.aNoun("capacity")}`} items={[]} />
      )}
      {functions.map((fn) => {
        const list = indicators.filter((i) => (read.text(i.map, "function").trim() || "Other") === fn);
        return (
          <Collection
            key={fn}
            partName="capacity"
            group={fn}
            heading={fn}
            addLabel={`Add ${terms.aNoun("capacity")}`}
            addContext={`to ${fn}`}
            newFields={fn === "Other" ? {} : { function: fn }}
            items={list}
            renderItem={(item, i, all) => (
              <ItemCard key={item.id} partName="capacity" item={item} index={i} count={all.length} {...neighbours(all, i)}>
                <Indicator item={item} scale={scale} members={members.length} />
              </ItemCard>
            )}
          />
        );
      })}
    </>
  );
}

/** The team's agreed ratings, every core function on one screen: where the system stands
 * against the program's benchmarks and where the gaps are, before the cards' detail. */
function RatingsAtAGlance({ indicators, functions, scale }: { indicators: read.Item[]; functions: string[]; scale: RatingScaleView }) {
  const terms = useTerms();
  const { opened } = usePlan();
  // The core function's word is a template term with no part of its own ("Building block").
  const fnWord = opened.template.terms.find((t) => t.kind === "core_function")?.singular ?? "Core function";
  const functionOf = (i: read.Item) => read.text(i.map, "function").trim() || "Other";
  const columns = [...scale.levels.map((l) => ({ value: l.value, label: l.label })), { value: "", label: "Not agreed yet" }];
  const agreed = indicators.filter((i) => (read.str(i.map, "consensus") ?? "") !== "").length;
  return (
    <section class="panel ratings-glance" aria-labelledby="ratings-glance-heading">
      <h2 id="ratings-glance-heading">The team's ratings at a glance</h2>
      <p class="hint">
        {agreed} of {indicators.length} {terms.plural("capacity").toLowerCase()} {agreed === 1 ? "has" : "have"} a consensus rating.
      </p>
      <div class="table-scroll">
        <table class="glance-table">
          <caption class="visually-hidden">How many {terms.plural("capacity").toLowerCase()} of each {fnWord.toLowerCase()} the team rated at each level</caption>
          <thead>
            <tr>
              <th scope="col">{fnWord}</th>
              {columns.map((c) => (
                <th scope="col" class="num" key={c.value}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {functions.map((fn) => {
              const list = indicators.filter((i) => functionOf(i) === fn);
              return (
                <tr key={fn}>
                  <th scope="row">{fn}</th>
                  {columns.map((c) => {
                    const n = list.filter((i) => (read.str(i.map, "consensus") ?? "") === c.value).length;
                    return (
                      <td class="num" key={c.value}>
                        {n > 0 ? n : <span class="glance-none">–<span class="visually-hidden">none</span></span>}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Indicator({ item, scale, members }: { item: read.Item; scale: RatingScaleView | null; members: number }) {
  const { me, peer } = usePlan();
  const run = useCommand();
  const at = `capacity/${item.id}`;
  const ratings = read.ratings(item.map);
  const sealed = read.ratings(item.map, "sealed_ratings");
  const roundKey = read.str(item.map, "rating_key");
  const revealKey = read.str(item.map, "reveal_key");
  const roundOpen = roundKey !== null && revealKey === null;
  const revealed = read.bool(item.map, "revealed");
  const disposition = read.str(item.map, "disposition");
  const consensus = read.str(item.map, "consensus") ?? "";
  const levels = scale ? [...scale.levels.map((l) => ({ value: l.value, label: l.label }))] : [];
  if (scale?.allows_dont_know) levels.push({ value: DONT_KNOW, label: "Don't know" });
  const groupName = `rating-${item.id}`;
  // A sealed rating cannot be read back, even here: this laptop remembers what was chosen.
  const [mine, setMine] = useState<string | null>(null);
  const [round, setRound] = useState<RatingRoundView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setMine(null), [roundKey]);
  useEffect(() => {
    let gone = false;
    if (revealKey) void voting.round(item.id).then((r) => !gone && setRound(r), () => undefined);
    else setRound(null);
    return () => {
      gone = true;
    };
  }, [revealKey, item.id]);
  const act = (p: Promise<unknown>, after?: () => void) => {
    setProblem(null);
    // The round is changed in Rust (sealing happens there): bring the change into this copy.
    void p.then(() => peer.catchUp()).then(
      () => after?.(),
      (e: unknown) => setProblem(e instanceof Error ? e.message : String(e)),
    );
  };
  const seal = (value: string | null) => act(voting.seal(item.id, value), () => setMine(value));
  return (
    <div class="fields">
      <TextField at={at} map={item.map} name="indicator" label="Indicator" multiline />
      <TextField at={at} map={item.map} name="function" label="Core function" />
      {problem && (
        <p class="banner error" role="alert">
          {problem}
        </p>
      )}
      <fieldset class="my-rating" disabled={!me || !roundOpen}>
        <legend>
          Your rating{!me ? " (choose who is rating first)" : !roundOpen ? " (the facilitator opens a private round first)" : ", sealed until the reveal"}
        </legend>
        <div class="rating-options">
          {levels.map((l) => (
            <span class="rating-option" key={l.value}>
              <input type="radio" name={groupName} id={`${groupName}-${l.value}`} checked={mine === l.value} onChange={() => seal(l.value)} />
              <label for={`${groupName}-${l.value}`}>{l.label}</label>
            </span>
          ))}
          {mine && (
            <button type="button" class="quiet small" onClick={() => seal(null)}>
              Withdraw my rating
            </button>
          )}
        </div>
      </fieldset>
      <div class="spread">
        <p class="rated-count">
          {roundOpen ? sealed.size : ratings.size} of {members} {members === 1 ? "person has" : "people have"} rated.
        </p>
        {revealed ? (
          <>
            <Spread ratings={ratings} levels={levels} />
            {round && round.to_discuss.length > 0 && (
              <>
                <p>
                  <strong>To discuss</strong>
                </p>
                <ul class="to-discuss">
                  {round.to_discuss.map((d) => (
                    <li key={d}>{d}</li>
                  ))}
                </ul>
              </>
            )}
          </>
        ) : (
          <p class="hint">Ratings are sealed until the facilitator reveals them.</p>
        )}
        {roundOpen ? (
          <button type="button" class="secondary small" onClick={() => act(voting.reveal(item.id).then(setRound))} disabled={sealed.size === 0}>
            Reveal the spread
          </button>
        ) : (
          <button type="button" class="secondary small" onClick={() => act(voting.openRound(item.id))}>
            {revealKey || ratings.size > 0 ? "Open a new private round" : "Open a private rating round"}
          </button>
        )}
        {revealed ? (
          <button type="button" class="quiet small" onClick={() => void run(setValue(at, "revealed", false))}>
            Hide the ratings
          </button>
        ) : (
          !roundOpen &&
          ratings.size > 0 && (
            <button type="button" class="quiet small" onClick={() => void run(setValue(at, "revealed", true))}>
              Show the ratings
            </button>
          )
        )}
      </div>
      <div class="field-grid">
        <div class="field">
          <label for={`${at}-consensus`}>Team's consensus rating</label>
          <select
            id={`${at}-consensus`}
            value={read.str(item.map, "consensus") ?? ""}
            onChange={(e) => {
              const v = (e.currentTarget as HTMLSelectElement).value;
              void run(setValue(at, "consensus", v === "" ? null : v));
            }}
          >
            <option value="">Not agreed yet</option>
            {scale?.levels.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </select>
        </div>
        <ChoiceField at={at} map={item.map} name="disposition" label="Decision" vocabulary="disposition" />
      </div>
      <TextField at={at} map={item.map} name="evidence" label="Evidence for the rating" multiline />
      {disposition === "not_a_priority" && (
        <TextField at={at} map={item.map} name="not_a_priority_reason" label="Why it is not a priority" multiline />
      )}
      {disposition === "fully_in_place" && (
        <TextField at={at} map={item.map} name="in_place_evidence" label="Evidence that it is in place" multiline />
      )}
      {(disposition === "fully_in_place" || (consensus !== "" && consensus === scale?.levels[scale.levels.length - 1]?.value)) && (
        <TextField at={at} map={item.map} name="sustained_by" label="How it is sustained" multiline />
      )}
    </div>
  );
}

/** How the team's private ratings spread across the scale, once revealed. */
export function Spread({ ratings, levels }: { ratings: Map<string, string>; levels: { value: string; label: string }[] }) {
  const counts = levels.map((l) => ({ ...l, n: [...ratings.values()].filter((r) => r === l.value).length }));
  const max = Math.max(1, ...counts.map((c) => c.n));
  const scaled = counts.filter((c) => c.value !== DONT_KNOW && c.n > 0);
  const range =
    scaled.length === 0
      ? "No one placed it on the scale."
      : scaled.length === 1
        ? `Everyone who rated chose ${scaled[0]?.label}.`
        : `Ratings range from ${scaled[0]?.label} to ${scaled[scaled.length - 1]?.label}.`;
  return (
    <div class="spread-chart">
      <p class="spread-range">{range}</p>
      <table class="spread-table">
        <caption class="visually-hidden">How many people chose each rating</caption>
        <tbody>
          {counts.map((c) => (
            <tr key={c.value}>
              <th scope="row">{c.label}</th>
              <td>
                {c.n > 0 && <span class="spread-bar" style={{ width: `${(c.n / max) * 100}%` }} aria-hidden="true" />}
              </td>
              <td class="num">{c.n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

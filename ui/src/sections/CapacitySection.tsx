// The capacity self-assessment: each person rates every indicator on their own; the ratings
// stay hidden until the team reveals the spread, then agrees on a consensus with evidence.
import { usePlan } from "../plan/context";
import * as read from "../plan/read";
import type { RatingScaleView } from "../ipc";
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
            <p class="hint">Your ratings stay hidden from the team until it reveals the spread for an indicator.</p>
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

function Indicator({ item, scale, members }: { item: read.Item; scale: RatingScaleView | null; members: number }) {
  const { me } = usePlan();
  const run = useCommand();
  const at = `capacity/${item.id}`;
  const ratings = read.ratings(item.map);
  const revealed = read.bool(item.map, "revealed");
  const mine = me ? (ratings.get(me) ?? null) : null;
  const disposition = read.str(item.map, "disposition");
  const levels = scale ? [...scale.levels.map((l) => ({ value: l.value, label: l.label }))] : [];
  if (scale?.allows_dont_know) levels.push({ value: DONT_KNOW, label: "Don't know" });
  const groupName = `rating-${item.id}`;
  return (
    <div class="fields">
      <TextField at={at} map={item.map} name="indicator" label="Indicator" multiline />
      <TextField at={at} map={item.map} name="function" label="Core function" />
      <fieldset class="my-rating" disabled={!me}>
        <legend>Your rating{me ? "" : " (choose who is rating first)"}</legend>
        <div class="rating-options">
          {levels.map((l) => (
            <span class="rating-option" key={l.value}>
              <input
                type="radio"
                name={groupName}
                id={`${groupName}-${l.value}`}
                checked={mine === l.value}
                onChange={() => me && void run({ op: "rate", indicator: item.id, member: me, rating: l.value })}
              />
              <label for={`${groupName}-${l.value}`}>{l.label}</label>
            </span>
          ))}
          {mine && (
            <button type="button" class="quiet small" onClick={() => me && void run({ op: "rate", indicator: item.id, member: me, rating: null })}>
              Withdraw my rating
            </button>
          )}
        </div>
      </fieldset>
      <div class="spread">
        <p class="rated-count">
          {ratings.size} of {members} {members === 1 ? "person has" : "people have"} rated.
        </p>
        {revealed ? (
          <Spread ratings={ratings} levels={levels} />
        ) : (
          <p class="hint">Ratings are hidden until the team reveals them.</p>
        )}
        <button
          type="button"
          class="secondary small"
          onClick={() => void run(setValue(at, "revealed", !revealed))}
          disabled={!revealed && ratings.size === 0}
        >
          {revealed ? "Hide the ratings" : "Reveal the spread"}
        </button>
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
        <TextField at={at} map={item.map} name="in_place_evidence" label="Evidence that it is in place, and how it will last" multiline />
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

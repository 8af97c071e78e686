// Choosing people from the team by name (reviewers to ask, someone to answer a comment).
import { usePlan, usePlanVersion } from "../plan/context";
import * as read from "../plan/read";

export function teamNames(doc: Parameters<typeof read.items>[0]): string[] {
  return read
    .items(doc, "members")
    .map((m) => read.text(m.map, "name").trim())
    .filter((n, i, all) => n !== "" && all.indexOf(n) === i);
}

export function PeoplePicker(props: { legend: string; chosen: string[]; onChange(names: string[]): void; idPrefix: string }) {
  const { peer } = usePlan();
  usePlanVersion(peer);
  const names = teamNames(peer.doc);
  return (
    <fieldset class="people-picker">
      <legend>{props.legend}</legend>
      {names.length === 0 ? (
        <p class="empty-note">Add team members in the first section to ask them by name.</p>
      ) : (
        <div class="choice-list">
          {names.map((n, i) => (
            <label key={n} class="choice" for={`${props.idPrefix}-${i}`}>
              <input
                id={`${props.idPrefix}-${i}`}
                type="checkbox"
                checked={props.chosen.includes(n)}
                onChange={(e) =>
                  props.onChange(
                    (e.currentTarget as HTMLInputElement).checked ? [...props.chosen, n] : props.chosen.filter((c) => c !== n),
                  )
                }
              />
              {n}
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}

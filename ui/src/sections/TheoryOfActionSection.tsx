// The theory-of-action builder: each statement read as the sentence it is —
// "If the central office … and schools … then … so that …" — with typed slots for the
// central-office supports and the school-level changes, and the strategies that enact it.
import { fieldId, usePlan } from "../plan/context";
import * as read from "../plan/read";
import { ItemCard, neighbours } from "../components/collection";
import { focusSoon } from "../components/focus";
import { LinkPicker, TextField, useCommand } from "../components/fields";
import { useTerms } from "./terms";

export function TheoryOfActionSection() {
  const { peer } = usePlan();
  const run = useCommand();
  const terms = useTerms();
  const list = read.items(peer.doc, "statements");
  const add = async () => {
    const id = await run({ op: "add", to: "statements", fields: {}, after: null });
    if (id) {
      // A new statement starts with one slot of each kind, ready to fill.
      const first = await run({ op: "add", to: `statements/${id}/central_office_supports`, fields: {}, after: null });
      await run({ op: "add", to: `statements/${id}/school_changes`, fields: {}, after: null });
      // The sentence starts "If the central office…": its first slot is where typing begins.
      focusSoon(first ? `statements/${id}/central_office_supports/${first}` : `statements/${id}`);
    }
  };
  return (
    <section class="collection" aria-labelledby="heading-statements">
      <div class="collection-header">
        <h2 id="heading-statements">
          {terms.plural("statements")} <span class="count">{list.length}</span>
        </h2>
        <button type="button" class="primary" onClick={() => void add()}>
          Add {terms.aNoun("statements")}
        </button>
      </div>
      {list.length === 0 && <p class="empty-note">None yet.</p>}
      <div class="cards">
        {list.map((st, i) => (
          <ItemCard
            key={st.id}
            partName="statements"
            item={st}
            index={i}
            count={list.length}
            {...neighbours(list, i)}
            label={`Statement ${i + 1}`}
          >
            <Statement id={st.id} map={st.map} />
          </ItemCard>
        ))}
      </div>
    </section>
  );
}

function Statement({ id, map }: { id: string; map: read.ItemMap }) {
  const at = `statements/${id}`;
  const terms = useTerms();
  return (
    <div class="toa">
      <div class="toa-clause">
        <p class="toa-word" aria-hidden="true">
          If the central office
        </p>
        <Slots at={at} map={map} name="central_office_supports" word="Central-office support" addLabel="Add a central-office support" />
      </div>
      <div class="toa-clause">
        <p class="toa-word" aria-hidden="true">
          and schools
        </p>
        <Slots at={at} map={map} name="school_changes" word="School-level change" addLabel="Add a school-level change" />
      </div>
      <div class="toa-clause">
        <p class="toa-word" aria-hidden="true">
          then
        </p>
        <TextField at={at} map={map} name="practice_change" label="Then: how teaching and leading change" multiline />
      </div>
      <div class="toa-clause">
        <p class="toa-word" aria-hidden="true">
          so that
        </p>
        <TextField at={at} map={map} name="student_outcome" label="So that: what students achieve" multiline />
      </div>
      <div class="toa-support">
        <TextField at={at} map={map} name="assumptions" label="What we assume is true" multiline />
        <TextField at={at} map={map} name="rationale" label="Evidence and rationale" multiline />
        <LinkPicker at={at} map={map} name="root_causes" label={`${terms.plural("root_causes")} it answers`} to="root_causes" />
        <LinkPicker
          at={at}
          map={map}
          name="enacted_by"
          label={`${terms.plural("strategies")} that enact this statement`}
          to="strategies"
          reverse={{ field: "statements", ownId: id }}
        />
      </div>
    </div>
  );
}

function Slots(props: { at: string; map: read.ItemMap; name: string; word: string; addLabel: string }) {
  const run = useCommand();
  const slots = read.nestedItems(props.map, props.name);
  const container = `${props.at}/${props.name}`;
  return (
    <div class="slots" id={fieldId(props.at, props.name)}>
      {slots.length === 0 && <p class="empty-note">No {props.word.toLowerCase()} named yet.</p>}
      <ol class="slot-list">
        {slots.map((s, i) => {
          const slotAt = `${container}/${s.id}`;
          return (
            <li key={s.id} class="slot">
              <TextField at={slotAt} map={s.map} name="text" label={`${props.word} ${i + 1}`} />
              <button
                type="button"
                class="quiet"
                aria-label={`Remove ${props.word.toLowerCase()} ${i + 1}`}
                onClick={() => void run({ op: "remove", at: slotAt })}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        class="secondary small"
        onClick={async () => {
          const id = await run({ op: "add", to: container, fields: {}, after: null });
          if (id) focusSoon(`${container}/${id}`, "text");
        }}
      >
        {props.addLabel}
      </button>
    </div>
  );
}

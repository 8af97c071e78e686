// District process shifts: how a central-office process changes, and which school-level change
// of which theory-of-action statement it makes possible.
import { fieldId, usePlan } from "../plan/context";
import * as read from "../plan/read";
import { Collection, ItemCard, neighbours } from "../components/collection";
import { ChoiceField, RefField, TextField, setValue, useCommand } from "../components/fields";
import { useTerms } from "./terms";

export function ProcessShiftsSection() {
  const terms = useTerms();
  return (
    <Collection
      partName="process_shifts"
      heading={terms.plural("process_shifts")}
      addLabel={`Add ${terms.aNoun("process_shifts")}`}
      renderItem={(item, i, list) => (
        <ItemCard key={item.id} partName="process_shifts" item={item} index={i} count={list.length} {...neighbours(list, i)}>
          <Shift item={item} />
        </ItemCard>
      )}
    />
  );
}

function Shift({ item }: { item: read.Item }) {
  const { peer } = usePlan();
  const run = useCommand();
  const terms = useTerms();
  const at = `process_shifts/${item.id}`;
  const statementId = read.str(item.map, "statement");
  const statement = statementId ? read.item(peer.doc, "statements", statementId) : null;
  const changes = statement ? read.nestedItems(statement, "school_changes") : [];
  const chosen = read.str(item.map, "school_change") ?? "";
  const changeId = fieldId(at, "school_change");
  return (
    <div class="fields">
      <div class="field-grid">
        <ChoiceField at={at} map={item.map} name="process" label="District process" vocabulary="district_process" />
        <ChoiceField at={at} map={item.map} name="shift_type" label="Kind of shift" vocabulary="shift_type" />
        <RefField at={at} map={item.map} name="owner" label="Owner" to="members" />
      </div>
      <TextField at={at} map={item.map} name="current_state" label="How it works now" multiline />
      <TextField at={at} map={item.map} name="future_state" label="How it should work" multiline />
      <div class="field-grid two">
        <RefField at={at} map={item.map} name="statement" label={terms.singular("statements")} to="statements" noneLabel="None" />
        <div class="field">
          <label for={changeId}>School-level change it makes possible</label>
          <select
            id={changeId}
            value={chosen}
            disabled={!statement}
            onChange={(e) => {
              const v = (e.currentTarget as HTMLSelectElement).value;
              void run(setValue(at, "school_change", v === "" ? null : v));
            }}
          >
            <option value="">{statement ? "Choose a school-level change" : "Choose a statement first"}</option>
            {changes.map((c, i) => (
              <option key={c.id} value={c.id}>
                {read.text(c.map, "text").trim() || `School-level change ${i + 1}`}
              </option>
            ))}
          </select>
        </div>
      </div>
      <TextField at={at} map={item.map} name="timeline" label="Timeline" />
    </div>
  );
}

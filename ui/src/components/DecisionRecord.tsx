// A decision's short record (options considered, why this one, who was in the room, the date),
// on a strategy or a card play. Rust fills in who was present and the day when it is made; the
// team edits the rest here, each field writing as any other.
import type * as read from "../plan/read";
import { DateField, TextField } from "./fields";

export function DecisionRecord(props: { at: string; map: read.ItemMap; open?: boolean }) {
  const { at, map } = props;
  return (
    <details class="decision-record" open={props.open}>
      <summary>Decision record: how we got here</summary>
      <div class="fields">
        <TextField at={at} map={map} name="options_considered" label="Options considered" multiline />
        <TextField at={at} map={map} name="why_this_one" label="Why this one" multiline />
        <div class="field-grid">
          <TextField at={at} map={map} name="in_the_room" label="Who was in the room" />
          <DateField at={at} map={map} name="decided_on" label="Decided on" />
        </div>
      </div>
    </details>
  );
}

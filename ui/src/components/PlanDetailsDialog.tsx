// The plan record: title, district, period, facilitator, where the plan stands in review, and
// its adoption. It belongs to no section of the guided flow, so it has its own dialog.
import { useEffect, useRef } from "preact/hooks";
import { usePlan } from "../plan/context";
import * as read from "../plan/read";
import { ChoiceField, DateField, TextField } from "./fields";

export function PlanDetailsDialog({ onClose }: { onClose(): void }) {
  const { peer, opened, ownTemplate } = usePlan();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  const record = read.single(peer.doc, "record");
  return (
    <dialog ref={dialog} class="versions-dialog details-dialog" aria-labelledby="details-heading" onClose={onClose} onCancel={onClose}>
      <h2 id="details-heading">Plan details</h2>
      <p class="hint">
        Started from the {ownTemplate.name} template. {ownTemplate.program}
      </p>
      <div class="fields">
        <TextField at="record" map={record} name="title" label="Title" />
        <TextField at="record" map={record} name="district" label="District" />
        <div class="field-grid two">
          <TextField at="record" map={record} name="planning_period" label="Planning period" placeholder="2026-27 to 2028-29" />
          <TextField at="record" map={record} name="facilitator" label="Facilitator" />
        </div>
        <div class="field-grid two">
          <ChoiceField at="record" map={record} name="status" label="Where the plan stands" vocabulary="review_status" />
          <DateField at="record" map={record} name="adoption_date" label="Adopted on" />
        </div>
        <TextField at="record" map={record} name="adoption_body" label="Adopted by" placeholder="Board of Education" />
      </div>
      <p class="hint">The plan file: {opened.path}</p>
      <div class="dialog-actions">
        <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}

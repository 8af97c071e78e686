// Breakout tables: the facilitator splits the room into tables (who sits at each, which
// sections each drafts), writes each table's copy to work on apart (hosting it, or on one
// laptop alone), and merges its work back when the room reconvenes, every change under its
// own author and table. Without a network a copy travels as files: a state file from the room,
// a bundle of what the room lacks back from the table. Rust does the work; this asks for it.
import { useEffect, useId, useRef, useState } from "preact/hooks";
import * as Y from "yjs";
import { app, type SectionView } from "../ipc";
import { usePlan, usePlanVersion } from "../plan/context";
import * as read from "../plan/read";
import { Collection, ItemCard, neighbours } from "./collection";
import { FieldEditor, useCommand } from "./fields";

function report(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What a merge brought, in a sentence. */
export function mergedText(m: { plan_changes: number; review_changes: number; people: string[]; table: string | null }): string {
  if (m.plan_changes === 0 && m.review_changes === 0) return "This plan already has everything in that copy.";
  const what = [m.plan_changes > 0 ? plural(m.plan_changes, "change", "changes") : null, m.review_changes > 0 ? plural(m.review_changes, "comment or status", "comments and statuses") : null]
    .filter(Boolean)
    .join(" and ");
  return `Merged ${what}${m.table ? ` from ${m.table}` : ""}, by ${m.people.join(", ")}.`;
}

/** A path typed in, with its label and a button that acts on it. */
function PathAction(props: { label: string; placeholder: string; action: string; hint?: string; onAct(path: string): Promise<string> }) {
  const id = useId();
  const [path, setPath] = useState("");
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const act = () => {
    setBusy(true);
    setSaid(null);
    props.onAct(path).then(
      (text) => setSaid({ ok: true, text }),
      (e: unknown) => setSaid({ ok: false, text: report(e) }),
    ).finally(() => setBusy(false));
  };
  return (
    <div class="field path-action">
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <div class="path-row">
        <input id={id} type="text" value={path} placeholder={props.placeholder} aria-describedby={props.hint ? `${id}-hint` : undefined} onInput={(e) => setPath(e.currentTarget.value)} onKeyDown={(e) => e.key === "Enter" && path.trim() && act()} />
        <button type="button" class="secondary" disabled={busy || !path.trim()} onClick={act}>
          {props.action}
        </button>
      </div>
      {said && (
        <p class={said.ok ? "hint" : "banner error"} role={said.ok ? "status" : "alert"}>
          {said.text}
        </p>
      )}
    </div>
  );
}

/** The sections a table drafts: one checkbox per section of the plan's template. */
function TableSections(props: { at: string; map: read.ItemMap; sections: SectionView[] }) {
  const run = useCommand();
  const id = useId();
  const chosen = new Set(read.keys(props.map, "sections"));
  return (
    <fieldset class="field link-picker table-sections">
      <legend>
        Sections it drafts <span class="count">({chosen.size} chosen)</span>
      </legend>
      <ul class="picker-options">
        {props.sections.map((s) => (
          <li key={s.id}>
            <input type="checkbox" id={`${id}-${s.id}`} checked={chosen.has(s.id)} onChange={(e) => void run({ op: e.currentTarget.checked ? "link" : "unlink", at: props.at, field: "sections", target: s.id })} />
            <label for={`${id}-${s.id}`}>{s.label}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** The breakout tables, their copies, and merging their work back. */
export function TablesDialog(props: { sections: SectionView[]; onMerged(): void; onClose(): void }) {
  const { peer } = usePlan();
  usePlanVersion(peer);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  const tables = read.items(peer.doc, "breakout_tables");
  const merge = async (path: string) => {
    const merged = await app.mergeCopy(path, Y.encodeStateVector(peer.doc));
    peer.receive(new Uint8Array(merged.update));
    props.onMerged();
    return mergedText(merged);
  };
  return (
    <dialog ref={dialog} class="versions-dialog tables-dialog" aria-labelledby="tables-dialog-heading" onClose={props.onClose} onCancel={props.onClose}>
      <h2 id="tables-dialog-heading">Breakout tables</h2>
      <p class="hint">
        Split the room into tables, each drafting some sections apart. Save a table's copy for it to work on (hosting it, or on one laptop alone); when the room reconvenes, merge the copy back. Every change keeps the name of the person who made it, with the table's.
      </p>
      <Collection
        partName="breakout_tables"
        heading="Tables"
        addLabel="Add a table"
        items={tables}
        renderItem={(item, i, list) => (
          <ItemCard key={item.id} partName="breakout_tables" item={item} index={i} count={list.length} {...neighbours(list, i)}>
            <div class="fields">
              <FieldEditor partName="breakout_tables" at={`breakout_tables/${item.id}`} map={item.map} name="name" />
              <FieldEditor partName="breakout_tables" at={`breakout_tables/${item.id}`} map={item.map} name="members" label="Who sits at it" />
              <TableSections at={`breakout_tables/${item.id}`} map={item.map} sections={props.sections} />
              <FieldEditor partName="breakout_tables" at={`breakout_tables/${item.id}`} map={item.map} name="purpose" />
              <PathAction
                label={`Save the copy of ${read.text(item.map, "name") || "this table"} as`}
                placeholder="/path/to/table-copy.throughline"
                action="Save the copy"
                onAct={async (path) => `Saved ${await app.tableCopy(item.id, path)}: open it on the table's laptop.`}
              />
            </div>
          </ItemCard>
        )}
      />
      <section aria-labelledby="tables-merge-heading">
        <h3 id="tables-merge-heading">Bring a table's work back</h3>
        <PathAction label="A table's copy or bundle" placeholder="/path/to/table-copy.throughline" action="Merge it in" hint="A table's plan file, or a bundle made for this copy. Merging twice changes nothing." onAct={merge} />
      </section>
      <section aria-labelledby="tables-files-heading">
        <h3 id="tables-files-heading">Without a network</h3>
        <PathAction
          label="Save what this copy holds as"
          placeholder="/path/to/room.state"
          action="Save the state file"
          hint="Take this file to the other laptop, so it bundles only what this copy lacks."
          onAct={async (path) => `Saved ${await app.saveState(path)}.`}
        />
        <BundleAction />
      </section>
      <div class="dialog-actions">
        <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}

/** A bundle of this copy's changes for another copy, given that copy's state file. */
function BundleAction() {
  const id = useId();
  const [forState, setForState] = useState("");
  return (
    <div class="bundle-action">
      <div class="field">
        <label for={id}>The other copy's state file</label>
        <p class="hint" id={`${id}-hint`}>
          Leave it empty to bundle every change.
        </p>
        <input id={id} type="text" value={forState} placeholder="/path/to/room.state" aria-describedby={`${id}-hint`} onInput={(e) => setForState(e.currentTarget.value)} />
      </div>
      <PathAction
        label="Save the bundle as"
        placeholder="/path/to/table.bundle"
        action="Save the bundle"
        onAct={async (path) => {
          const b = await app.saveBundle(forState.trim() || null, path);
          return `Saved ${plural(b.plan_changes, "change", "changes")} and ${plural(b.review_changes, "comment or status", "comments and statuses")}${b.table ? ` from ${b.table}` : ""} to ${b.path}.`;
        }}
      />
    </div>
  );
}

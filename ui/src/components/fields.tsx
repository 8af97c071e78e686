// One control per kind of field, each labelled, each changing the plan through a typed command
// (prose through its Y.Text). Controls read the plan's Yjs copy on every render.
import type { ComponentChildren } from "preact";
import { useEffect, useId, useState } from "preact/hooks";
import type { FieldValue, PlanCommand } from "../ipc";
import { fieldId, placeId, usePlan } from "../plan/context";
import * as read from "../plan/read";
import { field as fieldSchema, fieldLabel, part, vocabulary, type FieldShape } from "../plan/schema";
import { TextEditor, type Selected } from "./TextEditor";
import { marksFor, useBoard, useReviewStore } from "../review/board";
import { focusSoon } from "./focus";
import { useTerms } from "../sections/terms";

/** Runs a command and reports a refusal; resolves to the new item's id. */
export function useCommand(): (command: PlanCommand) => Promise<string | null> {
  const { peer, report } = usePlan();
  return (command) =>
    peer.command(command).catch((e: unknown) => {
      report(e);
      return null;
    });
}

export function setValue(at: string, field: string, value: FieldValue | null): PlanCommand {
  return { op: "set", at, field, value };
}

interface FieldProps {
  /** Where the field's part is: `vision`, `strategies/ID`, `statements/ID/school_changes/ID`. */
  at: string;
  map: read.ItemMap;
  name: string;
  label: string;
  hint?: string | undefined;
  className?: string | undefined;
}

function Hint({ id, hint }: { id: string; hint?: string | undefined }) {
  return hint ? (
    <p class="hint" id={id}>
      {hint}
    </p>
  ) : null;
}

export function TextField(props: FieldProps & { multiline?: boolean; placeholder?: string }) {
  const run = useCommand();
  const store = useReviewStore();
  const board = useBoard();
  const [selected, setSelected] = useState<Selected | null>(null);
  const id = fieldId(props.at, props.name);
  const labelId = `${id}-label`;
  const hintId = props.hint ? `${id}-hint` : undefined;
  const ytext = read.ytext(props.map, props.name);
  const commentOn = (s: Selected | null) =>
    s &&
    store.compose({ on: "text", at: props.at, field: props.name, start: s.from, end: s.to, quote: s.text, label: props.label });
  return (
    <div class={`field text-field ${props.className ?? ""}`}>
      <span class="field-label" id={labelId} onClick={() => document.getElementById(id)?.focus()}>
        {props.label}
      </span>
      <Hint id={hintId ?? ""} hint={props.hint} />
      <TextEditor
        ytext={ytext}
        id={id}
        labelledBy={labelId}
        describedBy={hintId}
        multiline={props.multiline ?? false}
        placeholder={props.placeholder}
        onMissing={() => void run(setValue(props.at, props.name, ""))}
        marks={marksFor(board, props.at, props.name)}
        onSelect={setSelected}
        onComment={() => commentOn(selected)}
      />
      {selected && (
        <button type="button" class="quiet small comment-selection" aria-keyshortcuts="Control+Alt+M" onClick={() => commentOn(selected)}>
          Comment on the selected words<span class="visually-hidden"> of {props.label}</span>
        </button>
      )}
    </div>
  );
}

export function ChoiceField(props: FieldProps & { vocabulary: string; noneLabel?: string }) {
  const run = useCommand();
  const id = fieldId(props.at, props.name);
  const value = read.str(props.map, props.name) ?? "";
  return (
    <div class={`field ${props.className ?? ""}`}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          const v = (e.currentTarget as HTMLSelectElement).value;
          void run(setValue(props.at, props.name, v === "" ? null : v));
        }}
      >
        <option value="">{props.noneLabel ?? "Not set"}</option>
        {vocabulary(props.vocabulary).map((o) => (
          <option key={o.key} value={o.key}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A small text input whose value is committed on Enter or when focus leaves it. A refused
 * entry stays in the box, the reason beside it, until it is corrected or Escape brings back
 * what the plan holds: what a person typed is never erased.
 */
function CommitInput(props: {
  id: string;
  value: string;
  commit: (text: string) => string | null | Promise<string | null>;
  placeholder?: string | undefined;
  inputMode?: "numeric" | "decimal" | "text";
  describedBy?: string | undefined;
  className?: string | undefined;
}) {
  const [draft, setDraft] = useState(props.value);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing && error === null) setDraft(props.value);
  }, [props.value, editing, error]);
  const errorId = `${props.id}-error`;
  const finish = async () => {
    if (draft === props.value) {
      setError(null);
      setEditing(false);
      return;
    }
    // Kept as typed while the plan decides: a refusal must find the words still there.
    const problem = await props.commit(draft);
    setError(problem);
    setEditing(false);
  };
  const described = [props.describedBy, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <>
      <input
        id={props.id}
        class={props.className}
        type="text"
        value={draft}
        placeholder={props.placeholder}
        inputMode={props.inputMode}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described}
        onFocus={() => setEditing(true)}
        onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
        onBlur={() => void finish()}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            void finish();
          } else if (e.key === "Escape") {
            setDraft(props.value);
            setError(null);
          }
        }}
      />
      {error && (
        <p class="field-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </>
  );
}

/**
 * Sets a field to what the person typed, as typed: the plan reads dates and fiscal years the
 * way districts write them (crates/plan/src/dates.rs) and stores its own form. Resolves to the
 * plan's reason when it refuses, for the field to show beside the kept text.
 */
export function useTypedValue(at: string, name: string): (text: string) => Promise<string | null> {
  const { peer } = usePlan();
  return async (text) => {
    const t = text.trim();
    try {
      await peer.command(setValue(at, name, t === "" ? null : t));
      return null;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      // "tactic `due`: “9/31” is not a date: …" — beside the field, its name goes without saying.
      const reason = message.replace(/^[\w -]+ `\w+`: /, "");
      return reason.charAt(0).toUpperCase() + reason.slice(1) + (/[.!?]$/.test(reason) ? "" : ".");
    }
  };
}

export function DateField(props: FieldProps) {
  const run = useCommand();
  const commit = useTypedValue(props.at, props.name);
  const id = fieldId(props.at, props.name);
  const hintId = `${id}-hint`;
  const stored = read.str(props.map, props.name) ?? "";
  // The calendar opens under the field at its full width: squeezed beside the typed date it
  // showed only "11/0" of WebKit's own date box at 1024 px.
  const [calendar, setCalendar] = useState(false);
  const pickerId = `${id}-calendar`;
  return (
    <div class={`field date-field ${props.className ?? ""}`}>
      <label for={id}>{props.label}</label>
      <div class="date-entry">
        <CommitInput id={id} value={stored} placeholder="9/1/2026" describedBy={hintId} commit={commit} />
        <button
          type="button"
          class="quiet date-calendar-toggle"
          aria-expanded={calendar}
          aria-controls={calendar ? pickerId : undefined}
          onClick={() => setCalendar((c) => !c)}
        >
          <span aria-hidden="true">📅</span>
          <span class="visually-hidden">Pick the {props.label.toLowerCase()} from a calendar</span>
        </button>
      </div>
      {calendar && (
        <input
          id={pickerId}
          type="date"
          class="date-picker"
          value={stored}
          aria-label={`Pick the ${props.label.toLowerCase()} from a calendar`}
          ref={(el) => {
            if (el && !el.dataset.opened) {
              el.dataset.opened = "1";
              el.focus();
            }
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              setCalendar(false);
              document.getElementById(id)?.focus();
            }
          }}
          onChange={(e) => {
            const v = (e.currentTarget as HTMLInputElement).value;
            void run(setValue(props.at, props.name, v === "" ? null : v));
          }}
        />
      )}
      <span class="visually-hidden" id={hintId}>
        For example 9/1/2026, Sept 1 2026 or 2026-09-01
      </span>
    </div>
  );
}

export function NumberField(props: FieldProps & { whole: boolean }) {
  const run = useCommand();
  const id = fieldId(props.at, props.name);
  const value = read.num(props.map, props.name);
  return (
    <div class={`field number-field ${props.className ?? ""}`}>
      <label for={id}>{props.label}</label>
      <CommitInput
        id={id}
        value={value === null ? "" : String(value)}
        inputMode={props.whole ? "numeric" : "decimal"}
        commit={(text) => {
          const t = text.trim().replace(/,/g, "");
          if (t === "") {
            void run(setValue(props.at, props.name, null));
            return null;
          }
          const n = Number(t);
          if (!Number.isFinite(n)) return `“${text.trim()}” is not a number.`;
          if (props.whole && !Number.isInteger(n)) return "Use a whole number.";
          void run(setValue(props.at, props.name, n));
          return null;
        }}
      />
    </div>
  );
}

export function FiscalYearField(props: FieldProps) {
  const commit = useTypedValue(props.at, props.name);
  const id = fieldId(props.at, props.name);
  const hintId = `${id}-hint`;
  return (
    <div class={`field ${props.className ?? ""}`}>
      <label for={id}>{props.label}</label>
      <CommitInput id={id} value={read.str(props.map, props.name) ?? ""} placeholder="2026-27" describedBy={hintId} commit={commit} />
      <span class="visually-hidden" id={hintId}>
        For example 2026-27, FY27 or 2026–2027
      </span>
    </div>
  );
}

export function BoolField(props: FieldProps) {
  const run = useCommand();
  const id = fieldId(props.at, props.name);
  return (
    <div class={`field check-field ${props.className ?? ""}`}>
      <input
        id={id}
        type="checkbox"
        checked={read.bool(props.map, props.name)}
        onChange={(e) => void run(setValue(props.at, props.name, (e.currentTarget as HTMLInputElement).checked))}
      />
      <label for={id}>{props.label}</label>
    </div>
  );
}

/** Choose one item of another collection (`owner` → members). */
export function RefField(props: FieldProps & { to: string; noneLabel?: string }) {
  const run = useCommand();
  const { peer } = usePlan();
  const id = fieldId(props.at, props.name);
  const value = read.str(props.map, props.name) ?? "";
  const target = part(props.to);
  const options = read.items(peer.doc, props.to);
  return (
    <div class={`field ${props.className ?? ""}`}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          const v = (e.currentTarget as HTMLSelectElement).value;
          void run(setValue(props.at, props.name, v === "" ? null : v));
        }}
      >
        <option value="">{props.noneLabel ?? "Nobody yet"}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {read.titleOf(props.to, o.map, target.noun)}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Link this part to items of another collection: a filterable list of checkboxes, one per
 * item. `owner` is the part holding the link set; for links kept on the other side (measures
 * name the strategies they track), `reverse` makes each box toggle the other item's set.
 */
export function LinkPicker(props: {
  at: string;
  map: read.ItemMap;
  name: string;
  label: string;
  to: string;
  hint?: string | undefined;
  reverse?: { field: string; ownId: string } | undefined;
  emptyText?: string;
}) {
  const run = useCommand();
  const { peer } = usePlan();
  const terms = useTerms();
  const [filter, setFilter] = useState("");
  const groupId = useId();
  const id = fieldId(props.at, props.name);
  const target = part(props.to);
  const all = read.items(peer.doc, props.to);
  const linked = new Set(
    props.reverse
      ? all.filter((o) => read.keys(o.map, props.reverse?.field ?? "").includes(props.reverse?.ownId ?? "")).map((o) => o.id)
      : read.keys(props.map, props.name),
  );
  const f = filter.trim().toLowerCase();
  const toggle = (targetId: string, on: boolean) => {
    if (props.reverse) {
      const r = props.reverse;
      void run({ op: on ? "link" : "unlink", at: `${props.to}/${targetId}`, field: r.field, target: r.ownId });
    } else {
      void run({ op: on ? "link" : "unlink", at: props.at, field: props.name, target: targetId });
    }
  };
  const title = (o: read.Item) => read.titleOf(props.to, o.map, target.noun);
  if (all.length > MANY_OPTIONS) {
    // Hundreds of checkboxes would bury the linked few (and slow every screen that shows them):
    // the linked items are listed, and others are found by name.
    const matches = f ? all.filter((o) => !linked.has(o.id) && title(o).toLowerCase().includes(f)) : [];
    return (
      <fieldset class="field link-picker many" id={id}>
        <legend>
          {props.label} <span class="count">({linked.size} linked)</span>
        </legend>
        {props.hint && <p class="hint">{props.hint}</p>}
        {linked.size > 0 ? (
          <ul class="linked-list">
            {all
              .filter((o) => linked.has(o.id))
              .map((o) => (
                <li key={o.id}>
                  <span>{title(o)}</span>
                  <button type="button" class="quiet small" aria-label={`Unlink ${title(o)}`} onClick={() => toggle(o.id, false)}>
                    Unlink
                  </button>
                </li>
              ))}
          </ul>
        ) : (
          <p class="empty-note">None linked yet.</p>
        )}
        <div class="picker-filter">
          <label for={`${groupId}-find`}>Find {aOrAn(target.noun)} to link</label>
          <input
            id={`${groupId}-find`}
            type="search"
            value={filter}
            placeholder="Type part of its name"
            aria-describedby={`${groupId}-found`}
            onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <p class="visually-hidden" id={`${groupId}-found`} aria-live="polite">
          {f ? `${matches.length} found` : ""}
        </p>
        {matches.length > 0 && (
          <ul class="picker-results">
            {matches.slice(0, SHOWN_MATCHES).map((o) => (
              <li key={o.id}>
                <button type="button" class="secondary small" onClick={() => toggle(o.id, true)}>
                  Link <span class="result-title">{title(o)}</span>
                </button>
              </li>
            ))}
            {matches.length > SHOWN_MATCHES && (
              <li class="hint">{matches.length - SHOWN_MATCHES} more match; type more of the name.</li>
            )}
          </ul>
        )}
      </fieldset>
    );
  }
  return (
    <fieldset class="field link-picker" id={id}>
      <legend>
        {props.label} <span class="count">({linked.size} linked)</span>
      </legend>
      {props.hint && <p class="hint">{props.hint}</p>}
      {all.length === 0 ? (
        <p class="empty-note">{props.emptyText ?? `There are no ${terms.plural(props.to).toLowerCase()} in the plan yet.`}</p>
      ) : (
        <ul class="picker-options">
          {all.map((o) => {
            const boxId = `${id}-${o.id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
            return (
              <li key={o.id}>
                <input
                  type="checkbox"
                  id={boxId}
                  checked={linked.has(o.id)}
                  onChange={(e) => toggle(o.id, (e.currentTarget as HTMLInputElement).checked)}
                />
                <label for={boxId}>{title(o)}</label>
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}

/** Above this many choices a link picker lists what is linked and finds the rest by name. */
const MANY_OPTIONS = 12;
const SHOWN_MATCHES = 8;

function aOrAn(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** Free labels (student groups): each removable, new ones typed and added with Enter. */
export function TagsField(props: FieldProps & { suggestions?: string[] }) {
  const run = useCommand();
  const [draft, setDraft] = useState("");
  const id = fieldId(props.at, props.name);
  const listId = `${id}-suggestions`;
  const tags = read.keys(props.map, props.name);
  const add = () => {
    const t = draft.trim();
    if (!t) return;
    setDraft("");
    void run({ op: "link", at: props.at, field: props.name, target: t });
  };
  return (
    <div class={`field tags-field ${props.className ?? ""}`}>
      <label for={id}>{props.label}</label>
      {tags.length > 0 && (
        <ul class="tags" aria-label={`${props.label}: ${tags.length}`}>
          {tags.map((t) => (
            <li key={t} class="tag">
              <span>{t}</span>
              <button
                type="button"
                class="tag-remove"
                aria-label={`Remove ${t}`}
                onClick={() => void run({ op: "unlink", at: props.at, field: props.name, target: t })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="tag-add">
        <input
          id={id}
          type="text"
          list={props.suggestions?.length ? listId : undefined}
          value={draft}
          placeholder="Type a group, then Enter"
          onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" class="secondary" onClick={add} disabled={draft.trim() === ""}>
          Add
        </button>
      </div>
      {props.suggestions?.length ? (
        <datalist id={listId}>
          {props.suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      ) : null}
    </div>
  );
}

/** Every tag used anywhere in the plan, for suggestions. */
export function tagsInPlan(doc: import("yjs").Doc): string[] {
  const out = new Set<string>();
  for (const p of ["evidence", "equity_patterns", "problems", "strategies"]) {
    for (const it of read.items(doc, p)) for (const t of read.keys(it.map, "student_groups")) out.add(t);
  }
  return [...out].sort();
}

/** The control for one field, chosen by the field's shape. */
export function FieldEditor(props: {
  partName: string;
  at: string;
  map: read.ItemMap;
  name: string;
  shape?: FieldShape;
  label?: string;
  hint?: string;
  className?: string;
}) {
  const { peer } = usePlan();
  const shape = props.shape ?? fieldSchema(props.partName, props.name).shape;
  const label = props.label ?? fieldLabel(props.partName, props.name);
  const common = { at: props.at, map: props.map, name: props.name, label, hint: props.hint, className: props.className };
  switch (shape.kind) {
    case "text":
      return <TextField {...common} multiline={!isShortText(props.name)} />;
    case "enum":
      return <ChoiceField {...common} vocabulary={shape.vocabulary} />;
    case "date":
      return <DateField {...common} />;
    case "fiscal_year":
      return <FiscalYearField {...common} />;
    case "int":
      return <NumberField {...common} whole />;
    case "num":
      return <NumberField {...common} whole={false} />;
    case "bool":
      return <BoolField {...common} />;
    case "ref":
      return <RefField {...common} to={shape.to} noneLabel="None" />;
    case "links":
      return <LinkPicker {...common} to={shape.to} />;
    case "tags":
      return <TagsField {...common} suggestions={tagsInPlan(peer.doc)} />;
    case "items":
      return <NestedItems partName={props.partName} at={props.at} map={props.map} name={props.name} label={label} />;
    case "str":
      return <PlainStringField {...common} />;
    case "ratings":
    case "json":
      // Ratings have their own screen (capacity); the template copy is not edited here.
      return null;
  }
}

/** Text fields that hold a name or a short phrase edit on one line. */
function isShortText(name: string): boolean {
  return ["name", "title", "district", "metric", "value", "unit", "source", "sites", "who_heard", "focus_area", "function", "data_source", "cadence", "timeline", "planning_period", "facilitator", "adoption_body", "constituency"].includes(name);
}

function PlainStringField(props: FieldProps) {
  const run = useCommand();
  const id = fieldId(props.at, props.name);
  return (
    <div class={`field ${props.className ?? ""}`}>
      <label for={id}>{props.label}</label>
      <CommitInput
        id={id}
        value={read.str(props.map, props.name) ?? ""}
        commit={(text) => {
          void run(setValue(props.at, props.name, text.trim() === "" ? null : text.trim()));
          return null;
        }}
      />
    </div>
  );
}

/** A nested list (milestones, targets, theory-of-action slots): each item's fields, add, remove. */
export function NestedItems(props: {
  partName: string;
  at: string;
  map: read.ItemMap;
  name: string;
  label: string;
  addLabel?: string;
  render?: (nestedAt: string, nested: read.Item, index: number) => ComponentChildren;
}) {
  const run = useCommand();
  const shape = fieldSchema(props.partName, props.name).shape;
  if (shape.kind !== "items") return null;
  const list = read.nestedItems(props.map, props.name);
  const container = `${props.at}/${props.name}`;
  return (
    <fieldset class="field nested-items" id={fieldId(props.at, props.name)}>
      <legend>{props.label}</legend>
      {list.length === 0 && <p class="empty-note">None yet.</p>}
      <ol class="nested-list">
        {list.map((n, i) => {
          const nestedAt = `${container}/${n.id}`;
          return (
            <li key={n.id} class="nested-item" id={placeId(nestedAt)}>
              <div class="nested-fields">
                {props.render
                  ? props.render(nestedAt, n, i)
                  : shape.fields.map((f) => (
                      <FieldEditor
                        key={f.name}
                        partName={props.partName}
                        at={nestedAt}
                        map={n.map}
                        name={f.name}
                        shape={f.shape}
                        label={`${humanizeNoun(shape.noun)} ${i + 1}: ${f.label.toLowerCase()}`}
                      />
                    ))}
              </div>
              <button
                type="button"
                class="quiet danger"
                onClick={() => void run({ op: "remove", at: nestedAt })}
                aria-label={`Remove ${shape.noun} ${i + 1}`}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        class="secondary"
        onClick={async () => {
          const id = await run({ op: "add", to: container, fields: {}, after: null });
          if (id) focusSoon(`${container}/${id}`);
        }}
      >
        {props.addLabel ?? `Add a ${shape.noun}`}
      </button>
    </fieldset>
  );
}

function humanizeNoun(noun: string): string {
  return noun.charAt(0).toUpperCase() + noun.slice(1);
}
